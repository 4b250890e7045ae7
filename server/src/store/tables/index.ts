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
}
