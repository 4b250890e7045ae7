import { Type, type Static } from '@sinclair/typebox';
import { describedPattern, NON_BLANK_PRINTABLE, PRINTABLE } from '../http/common.schemas.js';

/**
 * One schema per API shape: validates requests, serialises responses, documents the API
 * (OpenAPI) and gives the web app its types (`Static<>`), so none of them can drift apart.
 */

const LABEL_KEY = describedPattern('^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$', 'must be a Kubernetes label key: an optional DNS prefix and /, then up to 63 letters, digits, -, _ or ., starting and ending with a letter or digit');
const LABEL_VALUE = describedPattern('^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$', 'must be a Kubernetes label value: up to 63 letters, digits, -, _ or ., starting and ending with a letter or digit');

export const ClusterName = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: NON_BLANK_PRINTABLE,
  description: 'Unique display name (case-insensitive), 1–100 printable characters.',
});
export const ClusterDescription = Type.String({ maxLength: 1000, pattern: PRINTABLE });
export const ClusterLabels = Type.Record(Type.String({ pattern: LABEL_KEY, maxLength: 253 }), Type.String({ pattern: LABEL_VALUE, maxLength: 63 }), {
  maxProperties: 50,
  additionalProperties: false,
  description: 'Kubernetes-style labels for filtering.',
});
export const KubeconfigText = Type.String({ minLength: 1, description: 'The kubeconfig file as YAML text. Never returned by the API.' });
export const ContextName = Type.String({ minLength: 1, maxLength: 253, pattern: NON_BLANK_PRINTABLE });

export const ClusterCreateBody = Type.Object(
  {
    name: ClusterName,
    description: Type.Optional(ClusterDescription),
    kubeconfig: KubeconfigText,
    context: Type.Optional(ContextName),
    labels: Type.Optional(ClusterLabels),
    favorite: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, $id: 'ClusterCreateBody' },
);
export type ClusterCreateBody = Static<typeof ClusterCreateBody>;

export const ClusterPatchBody = Type.Object(
  {
    name: Type.Optional(ClusterName),
    description: Type.Optional(ClusterDescription),
    favorite: Type.Optional(Type.Boolean()),
    labels: Type.Optional(ClusterLabels),
    kubeconfig: Type.Optional(KubeconfigText),
    context: Type.Optional(ContextName),
  },
  { additionalProperties: false, minProperties: 1, $id: 'ClusterPatchBody' },
);
export type ClusterPatchBody = Static<typeof ClusterPatchBody>;

export const HealthStatus = Type.Union([Type.Literal('healthy'), Type.Literal('degraded'), Type.Literal('unauthorized'), Type.Literal('unreachable')]);
export type HealthStatus = Static<typeof HealthStatus>;

export const ClusterHealth = Type.Object(
  {
    status: HealthStatus,
    reason: Type.String({ description: 'Why, when not healthy.' }),
    latency_ms: Type.Union([Type.Integer(), Type.Null()]),
    kubernetes_version: Type.Union([Type.String(), Type.Null()]),
    flux_version: Type.Union([Type.String(), Type.Null()]),
    checked_at: Type.String({ format: 'date-time' }),
  },
  { $id: 'ClusterHealth' },
);
export type ClusterHealth = Static<typeof ClusterHealth>;

export const ClusterSource = Type.Object({
  type: Type.Union([Type.Literal('kubeconfig'), Type.Literal('aks')]),
  ref: Type.Union([Type.String(), Type.Null()], { description: 'ARM resource id for AKS clusters.' }),
  azure_subscription_id: Type.Union([Type.String(), Type.Null()]),
  resource_group: Type.Union([Type.String(), Type.Null()]),
  missing_in_source: Type.Boolean({ description: 'The cluster is gone from its source (e.g. deleted in Azure); kept until removed here.' }),
});

export const ClusterFlux = Type.Object(
  {
    sync: Type.String({ description: 'pending, discovering, syncing, synced, degraded, error (see GET /clusters/{id}/sync).' }),
    objects: Type.Integer(),
    failed: Type.Integer(),
    progressing: Type.Integer(),
    suspended: Type.Integer(),
    unknown: Type.Integer(),
    ready: Type.Integer(),
  },
  { description: 'Roll-up of the cluster’s Flux objects from the live index: a reachable cluster whose objects fail is not healthy.' },
);
export type ClusterFlux = Static<typeof ClusterFlux>;

export const Cluster = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    description: Type.String(),
    favorite: Type.Boolean(),
    labels: Type.Record(Type.String(), Type.String()),
    source: ClusterSource,
    server: Type.String({ description: 'API server URL.' }),
    context: Type.String({ description: 'The kubeconfig context in use.' }),
    auth: Type.String({ description: 'How the server authenticates (token, client-certificate, exec:kubelogin, none); never the secret.' }),
    health: Type.Union([ClusterHealth, Type.Null()], { description: 'The connection: can the server reach and read the cluster.' }),
    flux: Type.Union([ClusterFlux, Type.Null()]),
    created_at: Type.String({ format: 'date-time' }),
    updated_at: Type.String({ format: 'date-time' }),
  },
  { $id: 'Cluster' },
);
export type Cluster = Static<typeof Cluster>;

export const ClusterList = Type.Object({ items: Type.Array(Cluster) }, { $id: 'ClusterList' });
export type ClusterList = Static<typeof ClusterList>;

export const ClusterHealthDetail = Type.Object(
  {
    cluster_id: Type.String(),
    health: Type.Union([ClusterHealth, Type.Null()]),
    history: Type.Array(Type.Object({ status: HealthStatus, reason: Type.String(), checked_at: Type.String({ format: 'date-time' }) })),
  },
  { $id: 'ClusterHealthDetail' },
);
export type ClusterHealthDetail = Static<typeof ClusterHealthDetail>;

export const HealthChangeList = Type.Object(
  {
    items: Type.Array(
      Type.Object({
        cluster_id: Type.String(),
        cluster: Type.String({ description: 'The cluster name.' }),
        status: HealthStatus,
        reason: Type.String(),
        checked_at: Type.String({ format: 'date-time', description: 'The check that saw the change.' }),
      }),
    ),
  },
  { $id: 'HealthChangeList' },
);
export type HealthChangeList = Static<typeof HealthChangeList>;

export const HealthChangesQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'How many changes, newest first (1–500).' })) },
  { additionalProperties: false },
);

export const HealthQuery = Type.Object(
  { refresh: Type.Optional(Type.Boolean({ description: 'Check now instead of returning the last result.' })) },
  { additionalProperties: false },
);

export const ClusterSummary = Type.Object(
  {
    total: Type.Integer(),
    by_status: Type.Object({
      healthy: Type.Integer(),
      degraded: Type.Integer(),
      unauthorized: Type.Integer(),
      unreachable: Type.Integer(),
      unknown: Type.Integer({ description: 'Not checked yet.' }),
    }),
  },
  { $id: 'ClusterSummary' },
);
export type ClusterSummary = Static<typeof ClusterSummary>;
