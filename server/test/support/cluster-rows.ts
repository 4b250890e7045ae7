import type { NewClusterRow } from '../../src/store/index.js';

/** A clusters-table row for store tests: an uploaded kubeconfig cluster, fields overridable. */
export function newClusterRow(id: string, name: string, overrides: Partial<NewClusterRow> = {}): NewClusterRow {
  return {
    id,
    name,
    name_key: name.toLowerCase(),
    description: '',
    source_type: 'kubeconfig',
    source_ref: null,
    favorite: 0,
    labels_json: '{}',
    server_url: 'https://127.0.0.1:6443',
    context_name: 'ctx',
    auth_kind: 'token',
    kubeconfig_sealed: 'sealed',
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    azure_subscription_id: null,
    missing_in_source: 0,
    ...overrides,
  };
}
