import { Type, type Static } from '@sinclair/typebox';
import { FluxStatusSchema, StatusCountsSchema } from '../fleet/index.js';

const CSV = (description: string) => Type.Optional(Type.String({ maxLength: 4096, description: `${description} Several values separated by commas.` }));

export const MatrixQuery = Type.Object(
  {
    kind: Type.String({ minLength: 1, maxLength: 64, description: 'One Flux kind (Kind, plural or short name, any case).' }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 253, description: 'Only objects of this name (e.g. `podinfo`); all objects of the kind without it.' })),
    namespace: CSV('Only objects in these namespaces.'),
    cluster: CSV('Only these clusters (id or name).'),
    cluster_selector: Type.Optional(Type.String({ maxLength: 1024, description: 'Cluster labels: `env=prod,team!=payments,region`.' })),
    status: CSV('Only objects in these statuses.'),
    revision: Type.Optional(Type.String({ maxLength: 256, description: 'Only objects whose revision (applied revision, artifact revision or chart version) starts with this, e.g. `6.5`.' })),
    flux_version: Type.Optional(Type.String({ maxLength: 64, description: 'Only clusters whose Flux version starts with this, e.g. `2.5` (a leading `v` is ignored).' })),
  },
  { additionalProperties: false },
);
export type MatrixQuery = Static<typeof MatrixQuery>;

export const MatrixCell = Type.Object({
  namespace: Type.String(),
  name: Type.String(),
  status: FluxStatusSchema,
  reason: Type.String(),
  message: Type.String(),
  revision: Type.Union([Type.String(), Type.Null()]),
  suspended: Type.Boolean(),
  status_since: Type.String(),
  stale: Type.Boolean(),
});

export const MatrixRow = Type.Object({
  cluster_id: Type.String(),
  cluster: Type.String(),
  flux_version: Type.Union([Type.String(), Type.Null()], { description: 'From the last health check (null: not known yet).' }),
  connection: Type.Union([Type.String(), Type.Null()]),
  objects: Type.Array(MatrixCell, { description: 'The matching objects in this cluster; empty when the cluster has none (it is missing there).' }),
});

export const FleetMatrix = Type.Object(
  {
    kind: Type.String(),
    name: Type.Union([Type.String(), Type.Null()]),
    rows: Type.Array(MatrixRow, { description: 'One row per cluster, by cluster name. With `status` or `revision`, only clusters with a matching object.' }),
    revisions: Type.Array(Type.Object({ revision: Type.Union([Type.String(), Type.Null()]), objects: Type.Integer(), clusters: Type.Integer() }), {
      description: 'Objects and clusters per revision, most common first (null: no revision yet).',
    }),
    flux_versions: Type.Array(Type.Object({ flux_version: Type.Union([Type.String(), Type.Null()]), clusters: Type.Integer() }), { description: 'Clusters per Flux version, most common first.' }),
    totals: Type.Object({
      clusters: Type.Integer({ description: 'Rows.' }),
      clusters_without: Type.Integer({ description: 'Rows with no matching object.' }),
      objects: Type.Integer(),
      by_status: Type.Ref(StatusCountsSchema),
    }),
  },
  { $id: 'FleetMatrix' },
);
export type FleetMatrix = Static<typeof FleetMatrix>;
