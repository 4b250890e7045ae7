import { Type, type Static } from '@sinclair/typebox';

export const GraphNode = Type.Object({
  id: Type.String({ description: '`Kind/namespace/name` within the cluster.' }),
  kind: Type.String(),
  namespace: Type.String(),
  name: Type.String(),
  status: Type.Union(['ready', 'failed', 'progressing', 'suspended', 'unknown', 'missing'].map((value) => Type.Literal(value)), {
    description: 'The object’s status; `missing`: something refers to it and the cluster does not have it (often the failure).',
  }),
  reason: Type.String(),
  message: Type.String(),
  revision: Type.Union([Type.String(), Type.Null()]),
  suspended: Type.Boolean(),
});

export const GraphEdge = Type.Object({
  from: Type.String({ description: 'The object that uses or waits for `to`; for `generates`, the producer.' }),
  to: Type.String(),
  type: Type.Union([Type.Literal('source'), Type.Literal('chart'), Type.Literal('depends_on'), Type.Literal('input'), Type.Literal('generates')], {
    description:
      'source: `sourceRef`/`chartRef` (an ExternalArtifact’s `sourceRef` names its producer); chart: a HelmRelease’s HelmChart, made from `spec.chart`; depends_on: `dependsOn`; input: an ArtifactGenerator’s `spec.sources`, a ResourceSet’s `spec.inputsFrom` (by name, or the providers in its namespace whose labels match its selector); generates: from an ArtifactGenerator to the ExternalArtifacts it declares, from a ResourceSet or FluxInstance to the Flux objects in its inventory.',
  }),
});

export const DependencyGraph = Type.Object(
  {
    cluster_id: Type.String(),
    root: Type.Union([Type.String(), Type.Null()], { description: 'The object asked about (null for a cluster graph).' }),
    nodes: Type.Array(GraphNode),
    edges: Type.Array(GraphEdge),
    truncated: Type.Boolean({ description: 'True when the graph reached the node limit and was cut.' }),
  },
  { $id: 'DependencyGraph' },
);
export type DependencyGraph = Static<typeof DependencyGraph>;
export type GraphNode = Static<typeof GraphNode>;
export type GraphEdge = Static<typeof GraphEdge>;

export const ClusterGraphQuery = Type.Object(
  {
    kind: Type.Optional(Type.String({ maxLength: 4096, description: 'Only these kinds (and what they use). Several separated by commas.' })),
    namespace: Type.Optional(Type.String({ maxLength: 4096, description: 'Only these namespaces (and what they use).' })),
    status: Type.Optional(Type.String({ maxLength: 256, description: 'Only objects in these statuses (and what they use), e.g. `failed`.' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 2000, default: 500, description: 'Most nodes to answer with.' })),
  },
  { additionalProperties: false },
);
export type ClusterGraphQuery = Static<typeof ClusterGraphQuery>;
