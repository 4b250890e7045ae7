import { Type, type Static } from '@sinclair/typebox';

export const TreeHealth = Type.Union(['healthy', 'progressing', 'failed', 'suspended', 'unknown', 'missing'].map((value) => Type.Literal(value)), {
  description: 'Workloads: healthy (rolled out), progressing, failed (deadline exceeded, crash loop, failed Job); Flux objects: their status (ready → healthy); missing: in the inventory but not in the cluster.',
});

export interface InventoryNode {
  id: string;
  kind: string;
  api_version: string;
  namespace: string;
  name: string;
  health: Static<typeof TreeHealth>;
  message: string;
  flux_owner: { kind: string; namespace: string; name: string } | null;
  containers: string[];
  children: InventoryNode[];
}

export const InventoryNodeSchema = Type.Recursive(
  (Self) =>
    Type.Object({
      id: Type.String({ description: 'The inventory id: `namespace_name_group_Kind`.' }),
      kind: Type.String(),
      api_version: Type.String(),
      namespace: Type.String({ description: 'Empty for cluster-scoped objects.' }),
      name: Type.String(),
      health: TreeHealth,
      message: Type.String(),
      flux_owner: Type.Union([Type.Object({ kind: Type.String(), namespace: Type.String(), name: Type.String() }), Type.Null()], {
        description: 'The Kustomization or HelmRelease whose labels the object carries: Flux re-applies what it owns.',
      }),
      containers: Type.Array(Type.String(), { description: 'A pod\'s containers (init containers last): what `GET /api/v1/clusters/{id}/pods/{namespace}/{name}/logs?container=` reads. Empty for other kinds.' }),
      children: Type.Array(Self, { description: 'A nested Flux object’s own inventory; the pods of a Deployment, StatefulSet or DaemonSet.' }),
    }),
  { $id: 'InventoryNode' },
);

export const InventoryTree = Type.Object(
  {
    cluster_id: Type.String(),
    root: Type.Ref(InventoryNodeSchema),
    truncated: Type.Boolean({ description: 'True when the tree reached its size limit and was cut.' }),
    notes: Type.Array(Type.String(), { description: 'Why a part is absent, e.g. a HelmRelease of a Flux before 2.8 reports no inventory.' }),
  },
  { $id: 'InventoryTree' },
);
export type InventoryTree = Static<typeof InventoryTree>;
