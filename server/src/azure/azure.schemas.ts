import { Type, type Static } from '@sinclair/typebox';
import { describedPattern, NON_BLANK_PRINTABLE } from '../http/common.schemas.js';

/**
 * The seed's Azure API (paths and snake_case fields as the seed document has them), extended
 * with auth methods, sovereign/custom clouds, auto-sync and jobs. One schema per shape: request
 * validation, response serialisation, OpenAPI and the web app's types.
 */

const GUID = describedPattern('^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$', 'must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)');
export const Guid = (description: string) => Type.String({ pattern: GUID, description: `${description} (a GUID)` });

export const AuthMethod = Type.Union([Type.Literal('service_principal'), Type.Literal('workload_identity'), Type.Literal('managed_identity')], {
  description: 'service_principal (client secret, the default), workload_identity (federated token file) or managed_identity.',
});
export type AuthMethod = Static<typeof AuthMethod>;

export const AzureEnvironment = Type.Union(
  [Type.Literal('AzurePublicCloud'), Type.Literal('AzureChinaCloud'), Type.Literal('AzureUSGovernment'), Type.Literal('custom')],
  { description: 'Azure cloud. `custom` needs authority_host and resource_manager_endpoint.' },
);
export type AzureEnvironment = Static<typeof AzureEnvironment>;

export const ClusterAuthMode = Type.Union([Type.Literal('in_process'), Type.Literal('kubelogin')], {
  description: 'How the server authenticates to synced Entra-enabled clusters: in_process (Entra tokens minted by the server, no kubelogin needed; default) or kubelogin (runs the kubelogin exec plugin).',
});
export type ClusterAuthMode = Static<typeof ClusterAuthMode>;

export const SubscriptionStatus = Type.Union([Type.Literal('unknown'), Type.Literal('connected'), Type.Literal('error')]);
export type SubscriptionStatus = Static<typeof SubscriptionStatus>;

const HTTPS_URL = describedPattern('^https://[^\\s]+$', 'must be an https:// URL (plain http is not accepted for Azure endpoints)');
const HttpsUrl = (description: string) => Type.String({ pattern: HTTPS_URL, maxLength: 2048, description });
const Secret = Type.String({ minLength: 1, maxLength: 4096, description: 'Never returned by the API.' });
const AutoSyncMinutes = Type.Integer({ minimum: 0, maximum: 10080, description: 'Minutes between automatic discovery + sync; 0 turns it off.' });

export const AzureSubscription = Type.Object(
  {
    subscription_id: Type.String(),
    name: Type.String(),
    tenant_id: Type.String(),
    client_id: Type.Union([Type.String(), Type.Null()]),
    auth_method: AuthMethod,
    environment: AzureEnvironment,
    authority_host: Type.Union([Type.String(), Type.Null()]),
    resource_manager_endpoint: Type.Union([Type.String(), Type.Null()]),
    resource_manager_audience: Type.Union([Type.String(), Type.Null()]),
    use_admin_credentials: Type.Boolean({ description: 'Sync fetches admin credentials instead of user credentials (not recommended).' }),
    cluster_auth_mode: ClusterAuthMode,
    status: SubscriptionStatus,
    status_message: Type.String(),
    last_checked_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    last_synced_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    cluster_count: Type.Integer({ description: 'Clusters registered from this subscription.' }),
    auto_sync_interval_minutes: Type.Integer(),
    has_client_secret: Type.Boolean(),
    created_at: Type.String({ format: 'date-time' }),
    updated_at: Type.String({ format: 'date-time' }),
  },
  { $id: 'AzureSubscription' },
);
export type AzureSubscription = Static<typeof AzureSubscription>;

export const AzureSubscriptionList = Type.Object({ items: Type.Array(AzureSubscription) }, { $id: 'AzureSubscriptionList' });
export type AzureSubscriptionList = Static<typeof AzureSubscriptionList>;

export const AzureSubscriptionCreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100, pattern: NON_BLANK_PRINTABLE, description: 'Friendly name, e.g. "Production Subscription".' }),
    subscription_id: Guid('Azure subscription ID'),
    tenant_id: Guid('Entra ID (Azure AD) tenant ID'),
    client_id: Type.Optional(Guid('Service principal application (client) ID; for managed identity, the user-assigned identity client ID')),
    client_secret: Type.Optional(Secret),
    auth_method: Type.Optional(AuthMethod),
    environment: Type.Optional(AzureEnvironment),
    authority_host: Type.Optional(HttpsUrl('Entra ID authority host for environment=custom, e.g. https://login.example.net')),
    resource_manager_endpoint: Type.Optional(HttpsUrl('ARM endpoint for environment=custom, e.g. https://management.example.net')),
    resource_manager_audience: Type.Optional(Type.String({ minLength: 1, maxLength: 2048, description: 'ARM token audience for environment=custom (default: the endpoint).' })),
    auto_sync_interval_minutes: Type.Optional(AutoSyncMinutes),
    use_admin_credentials: Type.Optional(Type.Boolean()),
    cluster_auth_mode: Type.Optional(ClusterAuthMode),
  },
  { additionalProperties: false, $id: 'AzureSubscriptionCreateBody' },
);
export type AzureSubscriptionCreateBody = Static<typeof AzureSubscriptionCreateBody>;

/** The credential part of a subscription (everything but its id and name), for multi-subscription setup. */
export const AzureCredentialBody = Type.Omit(AzureSubscriptionCreateBody, ['name', 'subscription_id'], { additionalProperties: false, $id: 'AzureCredentialBody' });
export type AzureCredentialBody = Static<typeof AzureCredentialBody>;

export const AzureSubscriptionBulkCreateBody = Type.Composite(
  [
    Type.Omit(AzureSubscriptionCreateBody, ['name', 'subscription_id']),
    Type.Object({
      subscriptions: Type.Array(
        Type.Object(
          { subscription_id: Guid('Azure subscription ID'), name: Type.Optional(AzureSubscriptionCreateBody.properties.name) },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: 500, description: 'Subscriptions to add with this credential; a missing name is taken from Azure.' },
      ),
    }),
  ],
  { additionalProperties: false, $id: 'AzureSubscriptionBulkCreateBody' },
);
export type AzureSubscriptionBulkCreateBody = Static<typeof AzureSubscriptionBulkCreateBody>;

export const BulkCreateResult = Type.Object(
  {
    results: Type.Array(
      Type.Object({
        subscription_id: Type.String(),
        name: Type.String(),
        action: Type.Union([Type.Literal('created'), Type.Literal('exists'), Type.Literal('failed')]),
        error: Type.Optional(Type.String()),
      }),
    ),
  },
  { $id: 'BulkCreateResult' },
);
export type BulkCreateResult = Static<typeof BulkCreateResult>;

export const AzureSubscriptionPatchBody = Type.Object(
  {
    name: Type.Optional(AzureSubscriptionCreateBody.properties.name),
    client_id: Type.Optional(Guid('Service principal client ID')),
    client_secret: Type.Optional(Secret),
    auto_sync_interval_minutes: Type.Optional(AutoSyncMinutes),
    use_admin_credentials: Type.Optional(Type.Boolean()),
    cluster_auth_mode: Type.Optional(ClusterAuthMode),
  },
  { additionalProperties: false, minProperties: 1, $id: 'AzureSubscriptionPatchBody' },
);
export type AzureSubscriptionPatchBody = Static<typeof AzureSubscriptionPatchBody>;

export const CreateQuery = Type.Object({ test: Type.Optional(Type.Boolean({ description: 'Test the connection first; nothing is saved if it fails.' })) }, { additionalProperties: false });

export const DeleteQuery = Type.Object(
  { clusters: Type.Union([Type.Literal('keep'), Type.Literal('remove')], { description: 'What to do with the clusters synced from this subscription.' }) },
  { additionalProperties: false },
);

export const SubscriptionParams = Type.Object({ subscription_id: Guid('Azure subscription ID') }, { additionalProperties: false });

export const ConnectionCheck = Type.Object({
  name: Type.String({ description: 'token, list_clusters, …' }),
  ok: Type.Boolean(),
  message: Type.String(),
  duration_ms: Type.Integer(),
});

export const ConnectionTestResult = Type.Object(
  {
    status: SubscriptionStatus,
    message: Type.String({ description: 'Summary; on failure, the cause and the fix (seed troubleshooting).' }),
    checks: Type.Array(ConnectionCheck),
    cluster_count: Type.Union([Type.Integer(), Type.Null()]),
  },
  { $id: 'ConnectionTestResult' },
);
export type ConnectionTestResult = Static<typeof ConnectionTestResult>;

export const DiscoveredCluster = Type.Object(
  {
    id: Type.String({ description: 'ARM resource id.' }),
    type: Type.Union([Type.Literal('aks'), Type.Literal('arc')]),
    name: Type.String(),
    resource_group: Type.String(),
    location: Type.String(),
    kubernetes_version: Type.Union([Type.String(), Type.Null()]),
    node_count: Type.Integer({ description: 'Sum of agent pool counts.' }),
    power_state: Type.Union([Type.String(), Type.Null()]),
    provisioning_state: Type.Union([Type.String(), Type.Null()]),
    fqdn: Type.Union([Type.String(), Type.Null()]),
    private_cluster: Type.Boolean(),
    aad_enabled: Type.Boolean(),
    azure_rbac_enabled: Type.Boolean(),
    local_accounts_disabled: Type.Boolean(),
    tags: Type.Record(Type.String(), Type.String()),
    registered: Type.Boolean(),
    cluster_id: Type.Union([Type.String(), Type.Null()], { description: 'The Flux Orchestrator cluster id when already synced.' }),
  },
  { $id: 'DiscoveredCluster' },
);
export type DiscoveredCluster = Static<typeof DiscoveredCluster>;

export const DiscoveredClusterList = Type.Object({ items: Type.Array(DiscoveredCluster) }, { $id: 'DiscoveredClusterList' });
export type DiscoveredClusterList = Static<typeof DiscoveredClusterList>;

export const SyncBody = Type.Object(
  { cluster_ids: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 1024 }), { maxItems: 5000, description: 'ARM ids to sync; default all.' })) },
  { additionalProperties: false },
);

export const SyncAction = Type.Union([Type.Literal('created'), Type.Literal('updated'), Type.Literal('unchanged'), Type.Literal('removed'), Type.Literal('failed')]);
export type SyncAction = Static<typeof SyncAction>;

export const SyncResult = Type.Object(
  {
    results: Type.Array(
      Type.Object({
        id: Type.String(),
        name: Type.String(),
        action: SyncAction,
        cluster_id: Type.Union([Type.String(), Type.Null()]),
        error: Type.Optional(Type.String()),
      }),
    ),
    counts: Type.Object({ created: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer(), removed: Type.Integer(), failed: Type.Integer() }),
  },
  { $id: 'SyncResult' },
);
export type SyncResult = Static<typeof SyncResult>;

export const JobAccepted = Type.Object({ job_id: Type.String(), status_url: Type.String() }, { $id: 'JobAccepted' });
export type JobAccepted = Static<typeof JobAccepted>;

export const VisibleSubscriptionList = Type.Object(
  {
    items: Type.Array(
      Type.Object({ subscription_id: Type.String(), name: Type.String(), state: Type.String(), registered: Type.Boolean({ description: 'Already added here.' }) }),
    ),
  },
  { $id: 'VisibleSubscriptionList' },
);
export type VisibleSubscriptionList = Static<typeof VisibleSubscriptionList>;
