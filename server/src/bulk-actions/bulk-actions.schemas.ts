import { Type, type Static } from '@sinclair/typebox';
import { FluxStatusSchema } from '../fleet/index.js';

const Names = (description: string) => Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 253 }), { maxItems: 1000, description }));

export const BulkSelector = Type.Object(
  {
    clusters: Names('Cluster ids or names.'),
    cluster_selector: Type.Optional(Type.String({ maxLength: 1024, description: 'Cluster labels: `env=prod,team!=payments,region`.' })),
    kinds: Names('Flux kinds (Kind, plural or short name). Without it: every kind that has the action.'),
    namespaces: Names('Namespaces.'),
    names: Names('Object names.'),
    status: Type.Optional(Type.Array(FluxStatusSchema, { maxItems: 5, description: 'Only objects in these statuses, e.g. `["failed"]`.' })),
    objects: Type.Optional(
      Type.Array(
        Type.Object(
          { cluster: Type.String({ minLength: 1, maxLength: 253, description: 'Cluster id or name.' }), kind: Type.String({ minLength: 1, maxLength: 64 }), namespace: Type.String({ minLength: 1, maxLength: 253 }), name: Type.String({ minLength: 1, maxLength: 253 }) },
          { additionalProperties: false },
        ),
        { maxItems: 1000, description: 'Exactly these objects (rows picked by hand): the other fields can only narrow them further.' },
      ),
    ),
  },
  { additionalProperties: false, description: 'Every field narrows the selection (AND); values within a field are alternatives (OR). At least one field is required.' },
);
export type BulkSelector = Static<typeof BulkSelector>;

export const BulkActionBody = Type.Object(
  {
    action: Type.Union([Type.Literal('reconcile'), Type.Literal('suspend'), Type.Literal('resume')]),
    selector: BulkSelector,
    options: Type.Optional(
      Type.Object(
        {
          with_source: Type.Optional(Type.Boolean({ description: 'Reconcile: each object’s source first.' })),
          force: Type.Optional(Type.Boolean({ description: 'Reconcile: HelmReleases only.' })),
          reset: Type.Optional(Type.Boolean({ description: 'Reconcile: HelmReleases only.' })),
          wait_seconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 300, description: 'Reconcile/resume: wait for each object’s outcome before what depends on it starts.' })),
        },
        { additionalProperties: false },
      ),
    ),
    dry_run: Type.Optional(Type.Boolean({ description: 'Answer what would be touched, in order, and touch nothing.' })),
  },
  { additionalProperties: false },
);
export type BulkActionBody = Static<typeof BulkActionBody>;

export const PlannedObject = Type.Object({
  kind: Type.String(),
  namespace: Type.String(),
  name: Type.String(),
  status: FluxStatusSchema,
  step: Type.Integer({ description: 'Objects of one cluster run by step: step 0 first (what others use), then 1, … Objects of one step run side by side.' }),
});

export const BulkActionPlan = Type.Object(
  {
    dry_run: Type.Literal(true),
    action: Type.String(),
    total: Type.Integer(),
    clusters: Type.Array(Type.Object({ cluster_id: Type.String(), cluster: Type.String(), objects: Type.Array(PlannedObject) })),
    skipped_kinds: Type.Array(Type.String(), { description: 'Selected kinds that do not have the action (left out).' }),
  },
  { $id: 'BulkActionPlan' },
);
export type BulkActionPlan = Static<typeof BulkActionPlan>;

export const BulkItemResult = Type.Object({
  cluster_id: Type.String(),
  cluster: Type.String(),
  kind: Type.String(),
  namespace: Type.String(),
  name: Type.String(),
  step: Type.Integer(),
  outcome: Type.Union(['requested', 'ready', 'failed', 'timeout', 'done', 'error'].map((value) => Type.Literal(value)), {
    description: 'The action’s outcome (see ActionResult), or `error`: the action could not be done (see `error`).',
  }),
  error: Type.Union([Type.String(), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()], { description: 'The object’s status reason after the action (why it fails, with outcome `failed`); null with `error`.' }),
  message: Type.Union([Type.String(), Type.Null()], { description: 'The object’s status message after the action; null with `error`.' }),
  requested_at: Type.Union([Type.String(), Type.Null()]),
  finished_at: Type.String(),
});
export type BulkItemResult = Static<typeof BulkItemResult>;

export const BulkActionResult = Type.Object({
  action: Type.String(),
  total: Type.Integer(),
  by_outcome: Type.Record(Type.String(), Type.Integer()),
  items: Type.Array(BulkItemResult),
});
export type BulkActionResult = Static<typeof BulkActionResult>;

export const BulkActionAccepted = Type.Object({
  job_id: Type.String(),
  status_url: Type.String({ description: 'GET it for progress and, when finished, per-object results (`result.items`).' }),
  total: Type.Integer(),
});
