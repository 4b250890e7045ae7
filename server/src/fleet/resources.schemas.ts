import { Type, type Static } from '@sinclair/typebox';

/** One schema per API shape (validation, serialisation, OpenAPI, the web app's types). */

export const FluxStatusSchema = Type.Union([Type.Literal('ready'), Type.Literal('failed'), Type.Literal('progressing'), Type.Literal('suspended'), Type.Literal('unknown')], {
  description: 'ready | failed | progressing | suspended | unknown (rules: flux-model/README.md)',
});

export const FluxRefSchema = Type.Object({ kind: Type.String(), namespace: Type.String(), name: Type.String(), apiVersion: Type.Optional(Type.String()) }, { $id: 'FluxRef' });

export const ResourceItem = Type.Object(
  {
    id: Type.String({ description: '`cluster_id/Kind/namespace/name`' }),
    cluster_id: Type.String(),
    cluster: Type.String({ description: 'The cluster’s display name.' }),
    kind: Type.String(),
    api_version: Type.String(),
    namespace: Type.String(),
    name: Type.String(),
    status: FluxStatusSchema,
    reason: Type.String(),
    message: Type.String(),
    revision: Type.Union([Type.String(), Type.Null()], { description: 'Applied revision, artifact revision or chart version.' }),
    attempted_revision: Type.Union([Type.String(), Type.Null()], { description: 'Last attempted revision when it differs from the applied one.' }),
    suspended: Type.Boolean(),
    status_since: Type.String({ description: 'When the object entered its current status.' }),
    last_handled_reconcile_at: Type.Union([Type.String(), Type.Null()]),
    generation: Type.Union([Type.Integer(), Type.Null()]),
    observed_generation: Type.Union([Type.Integer(), Type.Null()]),
    source: Type.Union([Type.Ref(FluxRefSchema), Type.Null()]),
    depends_on: Type.Array(Type.Ref(FluxRefSchema)),
    stale: Type.Boolean({ description: 'True when the cluster is not being watched right now: this is the last known state.' }),
    updated_at: Type.String({ description: 'When the index last saw a change of this object.' }),
  },
  { $id: 'ResourceItem' },
);
export type ResourceItem = Static<typeof ResourceItem>;

const CountMap = Type.Record(Type.String(), Type.Integer());

export const ResourceFacets = Type.Object(
  { cluster: CountMap, kind: CountMap, namespace: CountMap, status: CountMap },
  { $id: 'ResourceFacets', description: 'Per filter, counts over the objects that match every other filter. `cluster` is keyed by cluster id.' },
);

export const ResourceList = Type.Object(
  {
    items: Type.Array(Type.Ref(ResourceItem)),
    next_cursor: Type.Union([Type.String(), Type.Null()]),
    total: Type.Integer({ description: 'Matching objects on all pages.' }),
    facets: Type.Ref(ResourceFacets),
  },
  { $id: 'ResourceList' },
);

const CSV = (description: string) => Type.Optional(Type.String({ maxLength: 4096, description: `${description} Several values separated by commas.` }));

export const ResourceListQuery = Type.Object(
  {
    cluster: CSV('Cluster id or name.'),
    cluster_selector: Type.Optional(Type.String({ maxLength: 1024, description: 'Cluster labels: `env=prod,team!=payments,region` (=, !=, exists).' })),
    kind: CSV('Flux kind (Kind, plural or short name, any case).'),
    namespace: CSV('Namespace.'),
    status: CSV('ready, failed, progressing, suspended, unknown.'),
    q: Type.Optional(Type.String({ maxLength: 256, description: 'Text in name, namespace, kind, reason or message (case-insensitive).' })),
    sort: Type.Optional(
      Type.Union([Type.Literal('status'), Type.Literal('name'), Type.Literal('kind'), Type.Literal('cluster'), Type.Literal('namespace'), Type.Literal('since')], {
        description: 'Default `status`: failures first, newest change first.',
      }),
    ),
    order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    cursor: Type.Optional(Type.String({ maxLength: 2048 })),
  },
  { additionalProperties: false },
);
export type ResourceListQuery = Static<typeof ResourceListQuery>;

export const StatusCountsSchema = Type.Object(
  { total: Type.Integer(), failed: Type.Integer(), progressing: Type.Integer(), unknown: Type.Integer(), suspended: Type.Integer(), ready: Type.Integer() },
  { $id: 'StatusCounts' },
);

const WatchStatusFields = {
  state: Type.Union(['pending', 'listing', 'watching', 'backoff', 'forbidden', 'not_served', 'stopped'].map((value) => Type.Literal(value))),
  last_error: Type.Union([Type.String(), Type.Null()]),
  backoff_until: Type.Union([Type.String(), Type.Null()]),
  listed_at: Type.Union([Type.String(), Type.Null()]),
};

export const KindSyncStatus = Type.Object({ kind: Type.String(), version: Type.String(), ...WatchStatusFields });

export const ClusterSyncStatusSchema = Type.Object(
  {
    state: Type.Union(['pending', 'discovering', 'syncing', 'synced', 'degraded', 'error', 'stopped'].map((value) => Type.Literal(value)), {
      description: 'synced: every served kind listed and watched; degraded: some kinds back off or are forbidden.',
    }),
    last_error: Type.Union([Type.String(), Type.Null()]),
    backoff_until: Type.Union([Type.String(), Type.Null()]),
    kinds: Type.Array(KindSyncStatus),
    events: Type.Union([Type.Object(WatchStatusFields), Type.Null()], {
      description: 'The watch of the cluster’s Kubernetes events (GET /api/v1/events); null until discovery succeeded. It does not count towards `state`: a cluster whose events cannot be watched is still `synced`.',
    }),
  },
  { $id: 'ClusterSyncStatus' },
);

export const ClusterRollup = Type.Object(
  {
    cluster_id: Type.String(),
    cluster: Type.String(),
    connection: Type.Union([Type.String(), Type.Null()], { description: 'Last health check: healthy, degraded, unauthorized, unreachable (null: not checked yet).' }),
    sync: Type.String({ description: 'Sync state (see ClusterSyncStatus.state).' }),
    stale_kinds: Type.Array(Type.String(), { description: 'Kinds whose objects are the last known state, not live: items of these kinds are `stale`.' }),
    objects: Type.Integer(),
    by_status: Type.Ref(StatusCountsSchema),
  },
  { $id: 'ClusterRollup' },
);

export const ResourceSummary = Type.Object(
  {
    totals: Type.Ref(StatusCountsSchema),
    clusters: Type.Array(Type.Ref(ClusterRollup), { description: 'Clusters with failing objects first, then by name.' }),
    kinds: Type.Array(Type.Object({ kind: Type.String(), by_status: Type.Ref(StatusCountsSchema) }), { description: 'Kinds with failing objects first.' }),
  },
  { $id: 'ResourceSummary' },
);

export const ResourceParams = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64 }),
    kind: Type.String({ minLength: 1, maxLength: 64 }),
    namespace: Type.String({ minLength: 1, maxLength: 253 }),
    name: Type.String({ minLength: 1, maxLength: 253 }),
  },
  { additionalProperties: false },
);
export type ResourceParams = Static<typeof ResourceParams>;

export const KubeEvent = Type.Object({
  type: Type.String(),
  reason: Type.String(),
  message: Type.String(),
  count: Type.Integer(),
  first_seen: Type.Union([Type.String(), Type.Null()]),
  last_seen: Type.Union([Type.String(), Type.Null()]),
  source: Type.String({ description: 'The controller that reported it.' }),
});

export const ResourceTransition = Type.Object({ from_status: Type.Union([Type.String(), Type.Null()]), to_status: Type.String(), reason: Type.String(), message: Type.String(), at: Type.String() });

/** An object the detail's object names (its source, a dependency), with what the index knows of it. */
const RelatedObject = Type.Object({
  ref: Type.Ref(FluxRefSchema),
  resource: Type.Union([Type.Ref(ResourceItem), Type.Null()]),
  out_of_scope: Type.Boolean({ description: 'It lies in a namespace outside your role bindings: its status is not shown (resource is null).' }),
});

export const ResourceDetail = Type.Object(
  {
    resource: Type.Ref(ResourceItem),
    live: Type.Boolean({
      description:
        'True when the object was read from its cluster just now. False when the cluster could not be reached (down, TLS, refused credentials, 5xx, timeout): `resource` is then the last known state (`stale`), `object` and `yaml` are null, `conditions` empty, and the rest comes from what Flux Orchestrator kept.',
    }),
    unavailable_reason: Type.Union([Type.String(), Type.Null()], { description: 'Why the cluster could not be reached, in words to act on (null when `live`).' }),
    object: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], { description: 'The live object as the cluster returned it (null when not `live`).' }),
    yaml: Type.Union([Type.String(), Type.Null()], { description: 'The live object as YAML, managedFields left out (null when not `live`).' }),
    conditions: Type.Array(
      Type.Object({
        type: Type.String(),
        status: Type.String(),
        reason: Type.String(),
        message: Type.String(),
        last_transition_time: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
    events: Type.Array(KubeEvent, { description: 'Recent Kubernetes events of the object, newest first: the cluster’s and the kept ones (only the kept ones when not `live`).' }),
    transitions: Type.Array(ResourceTransition, { description: 'Status changes the index recorded, newest first.' }),
    source: Type.Union([RelatedObject, Type.Null()], {
      description: 'Its source, with the source’s status (null resource: not found in the cluster, or outside your namespaces).',
    }),
    depends_on: Type.Array(RelatedObject),
    dependents: Type.Array(Type.Ref(ResourceItem), {
      description: 'Objects in the same cluster that use it as source or input (an ArtifactGenerator’s sources), or depend on it; only those in your namespaces.',
    }),
  },
  { $id: 'ResourceDetail' },
);

export const ReconcileBody = Type.Object(
  {
    with_source: Type.Optional(Type.Boolean({ description: 'Reconcile the source first (as `flux reconcile --with-source`).' })),
    force: Type.Optional(Type.Boolean({ description: 'HelmRelease: one-off install/upgrade even without changes (`reconcile.fluxcd.io/forceAt`).' })),
    reset: Type.Optional(Type.Boolean({ description: 'HelmRelease: reset the failure counters (`reconcile.fluxcd.io/resetAt`).' })),
    wait_seconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 300, description: 'Answer when the outcome lands, or after this long.' })),
  },
  { additionalProperties: false },
);
export type ReconcileBody = Static<typeof ReconcileBody>;

export const ActionBody = Type.Object(
  { wait_seconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 300, description: 'Resume: wait for the reconcile it requests.' })) },
  { additionalProperties: false },
);
export type ActionBody = Static<typeof ActionBody>;

export const ActionResult = Type.Object(
  {
    action: Type.Union([Type.Literal('reconcile'), Type.Literal('suspend'), Type.Literal('resume')]),
    requested_at: Type.String({ description: 'The token written to reconcile.fluxcd.io/requestedAt (or the time of the change).' }),
    outcome: Type.Union([Type.Literal('requested'), Type.Literal('ready'), Type.Literal('failed'), Type.Literal('timeout'), Type.Literal('done')], {
      description: 'requested: not waited for; ready/failed: the controller handled the request with this result; timeout: wait_seconds passed first; done: suspend applied.',
    }),
    last_handled_reconcile_at: Type.Union([Type.String(), Type.Null()]),
    resource: Type.Ref(ResourceItem),
    source: Type.Optional(Type.Object({ ref: Type.Ref(FluxRefSchema), requested_at: Type.String() })),
  },
  { $id: 'ActionResult' },
);
export type ActionResult = Static<typeof ActionResult>;

export const StreamQuery = Type.Object(
  {
    cluster: CSV('Only these clusters (id or name).'),
    kind: CSV('Only these kinds.'),
    namespace: CSV('Only these namespaces.'),
  },
  { additionalProperties: false },
);
export type StreamQuery = Static<typeof StreamQuery>;
