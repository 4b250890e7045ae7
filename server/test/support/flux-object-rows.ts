import type { FluxObjectRow } from '../../src/store/index.js';

/** A stored Kustomization row in flux-system, for store tests. */
export function kustomizationRow(clusterId: string, name: string, status: string, message = ''): FluxObjectRow {
  return {
    id: `${clusterId}/Kustomization/flux-system/${name}`,
    cluster_id: clusterId,
    kind: 'Kustomization',
    api_version: 'kustomize.toolkit.fluxcd.io/v1',
    namespace: 'flux-system',
    name,
    status,
    reason: status === 'failed' ? 'BuildFailed' : 'ReconciliationSucceeded',
    message,
    revision: 'main@sha1:abc',
    attempted_revision: null,
    suspended: 0,
    status_since: '2026-01-01T00:00:00.000Z',
    last_handled_reconcile_at: null,
    generation: 2,
    observed_generation: 2,
    source_json: JSON.stringify({ kind: 'GitRepository', namespace: 'flux-system', name: 'flux-system' }),
    depends_on_json: '[]',
    links_json: null,
    updated_at: '2026-01-01T00:00:00.000Z',
  };
}
