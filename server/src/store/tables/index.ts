import type { Generated } from 'kysely';

/**
 * Table types, one per table. Columns are portable across SQLite, PostgreSQL and MySQL:
 * timestamps are ISO-8601 UTC strings (sortable), booleans are 0/1 integers, JSON is text.
 */
export interface ClustersTable {
  id: string;
  name: string;
  /** Lower-cased name: uniqueness must not depend on each database's collation. */
  name_key: string;
  description: string;
  /** 'kubeconfig' (uploaded) or 'aks' (synced from Azure). */
  source_type: string;
  /** ARM resource id for AKS clusters, null for uploaded ones. */
  source_ref: string | null;
  favorite: number;
  labels_json: string;
  server_url: string;
  context_name: string;
  /** Redacted description of the auth method: 'token', 'client-certificate', 'exec:kubelogin', 'none'. */
  auth_kind: string;
  /** Sealed single-context kubeconfig (see secrets/). Never leaves the server. */
  kubeconfig_sealed: string;
  created_at: string;
  updated_at: string;
  /** Azure subscription the cluster was synced from (null for uploaded kubeconfigs). */
  azure_subscription_id: string | null;
  /** 1 when the cluster is gone from its source (e.g. deleted in Azure); kept, not deleted. */
  missing_in_source: number;
}

export interface ClusterHealthTable {
  cluster_id: string;
  status: string;
  reason: string;
  latency_ms: number | null;
  kubernetes_version: string | null;
  flux_version: string | null;
  checked_at: string;
}

export interface ClusterHealthHistoryTable {
  id: Generated<number>;
  cluster_id: string;
  status: string;
  reason: string;
  checked_at: string;
}

/** Small key/value facts about the installation (e.g. the key-ring canary). */
export interface SettingsTable {
  key: string;
  value: string;
}

export interface Database {
  clusters: ClustersTable;
  cluster_health: ClusterHealthTable;
  cluster_health_history: ClusterHealthHistoryTable;
  settings: SettingsTable;
  azure_subscriptions: AzureSubscriptionsTable;
  jobs: JobsTable;
  audit_log: AuditLogTable;
  flux_objects: FluxObjectsTable;
  flux_object_transitions: FluxObjectTransitionsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  role_bindings: RoleBindingsTable;
  kube_events: KubeEventsTable;
  replicas: ReplicasTable;
  leases: LeasesTable;
  rate_limits: RateLimitsTable;
}

/** Compact status of one Flux object, as the fleet index last saw it (not the whole object). */
export interface FluxObjectsTable {
  /** `cluster_id/Kind/namespace/name` */
  id: string;
  cluster_id: string;
  kind: string;
  api_version: string;
  namespace: string;
  name: string;
  status: string;
  reason: string;
  message: string;
  revision: string | null;
  attempted_revision: string | null;
  suspended: number;
  /** When the object entered its current status. */
  status_since: string;
  last_handled_reconcile_at: string | null;
  generation: number | null;
  observed_generation: number | null;
  /** `{kind, namespace, name}` of its source, or null. */
  source_json: string | null;
  /** `[{kind, namespace, name}]` */
  depends_on_json: string;
  /** `{inputs?: [ref], generates?: [ref]}` when the object reads or produces other Flux objects, else null. */
  links_json: string | null;
  updated_at: string;
}

export interface FluxObjectTransitionsTable {
  id: Generated<number>;
  object_id: string;
  cluster_id: string;
  from_status: string | null;
  to_status: string;
  reason: string;
  message: string;
  at: string;
}

/** A Kubernetes event of a Flux object or a workload, kept past the cluster's own TTL. */
export interface KubeEventsTable {
  cluster_id: string;
  /** The Event object's metadata.uid: one row per event object, updated as it repeats. */
  uid: string;
  /** The Event object's namespace. */
  namespace: string;
  involved_kind: string;
  involved_namespace: string;
  involved_name: string;
  /** Normal or Warning. */
  type: string;
  reason: string;
  message: string;
  count: number;
  /** The component that reported it (source.component, or reportingComponent). */
  source: string;
  first_seen: string;
  last_seen: string;
}

export interface AzureSubscriptionsTable {
  /** Lower-case subscription GUID. */
  subscription_id: string;
  name: string;
  tenant_id: string;
  client_id: string | null;
  auth_method: string;
  environment: string;
  authority_host: string | null;
  resource_manager_endpoint: string | null;
  resource_manager_audience: string | null;
  /** Sealed client secret (service principal), null otherwise. */
  client_secret_sealed: string | null;
  use_admin_credentials: number;
  /** 'in_process' (Entra tokens minted by the server) or 'kubelogin' (exec plugin). */
  cluster_auth_mode: string;
  status: string;
  status_message: string;
  last_checked_at: string | null;
  last_synced_at: string | null;
  auto_sync_interval_minutes: number;
  created_at: string;
  updated_at: string;
}

export interface JobsTable {
  id: string;
  type: string;
  subject: string;
  status: string;
  progress_done: number;
  progress_total: number;
  result_json: string | null;
  error: string | null;
  created_at: string;
  updated_at: string;
  /** The replica (server process) running it; null while queued. */
  replica_id: string | null;
  /** The handler's input (JSON): any replica can run the job from the row. */
  payload_json: string | null;
  /** Who asked for it (JSON), restored around the handler so its audit entries name them. */
  context_json: string | null;
  /** How often a replica started it (more than once when a replica running it died). */
  attempts: number;
  /** A failure's API status and code, when the handler failed with an API error. */
  error_status: number | null;
  error_code: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor: string;
  action: string;
  target: string;
  detail_json: string;
  /** Client address of the request that did it (null for background work and older rows). */
  source: string | null;
  /** The cluster the entry is about, if any: callers scoped to clusters see only theirs. */
  cluster_id: string | null;
}

export interface UsersTable {
  id: string;
  username: string;
  username_key: string;
  display_name: string;
  /** 'local' (password), 'oidc' (SSO) or 'service' (a service account: API tokens only). */
  kind: string;
  /** argon2id hash; null for SSO users and service accounts. */
  password_hash: string | null;
  /** `issuer|subject` of an SSO user. */
  external_id: string | null;
  groups_json: string;
  disabled: number;
  created_at: string;
  last_login_at: string | null;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the cookie value. */
  id: string;
  user_id: string;
  csrf_token: string;
  groups_json: string;
  source: string | null;
  created_at: string;
  last_seen_at: string;
  /** Absolute expiry. */
  expires_at: string;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  user_id: string;
  /** SHA-256 (hex) of the token. */
  token_hash: string;
  prefix: string;
  created_by: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
}

export interface RoleBindingsTable {
  id: string;
  subject_type: string;
  subject: string;
  role: string;
  cluster_ids_json: string | null;
  cluster_selector: string | null;
  namespaces_json: string | null;
  created_at: string;
}

/** One server process sharing a PostgreSQL database with others (see replicas/). Times: ms, database clock. */
export interface ReplicasTable {
  id: string;
  description: string;
  /** int8: the driver answers strings for it on PostgreSQL. */
  started_at: number | string;
  heartbeat_at: number | string;
}

/** Who holds what among replicas: a cluster's watches (name = cluster id) or `leader`. */
export interface LeasesTable {
  name: string;
  holder: string | null;
  expires_at: number | string;
  epoch: number;
  detail: string | null;
  /** The holder's count of the state in `detail` (int8: PostgreSQL's driver answers a string). */
  detail_seq: number | string | null;
}

/** One rate-limited thing (e.g. sign-in attempts of one client address): hits in the window that ends at `reset_at`. */
export interface RateLimitsTable {
  bucket: string;
  hits: number;
  /** Milliseconds since the epoch, on the database's clock (int8: PostgreSQL's driver answers a string). */
  reset_at: number | string;
}
