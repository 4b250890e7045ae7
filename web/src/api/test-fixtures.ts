import type { ResourceItem } from './resources.js';

/** A ready Kustomization `apps/app` of cluster `c1` (named `prod`), as the API lists it, for tests. */
export function resourceItem(overrides: Partial<ResourceItem> = {}): ResourceItem {
  return {
    id: 'c1/Kustomization/apps/app',
    cluster_id: 'c1',
    cluster: 'prod',
    kind: 'Kustomization',
    api_version: 'kustomize.toolkit.fluxcd.io/v1',
    namespace: 'apps',
    name: 'app',
    status: 'ready',
    reason: 'ReconciliationSucceeded',
    message: 'Applied revision: main@sha1:abc',
    revision: 'main@sha1:abc',
    attempted_revision: null,
    suspended: false,
    status_since: '2026-01-01T00:00:00Z',
    last_handled_reconcile_at: null,
    generation: 1,
    observed_generation: 1,
    source: null,
    depends_on: [],
    stale: false,
    updated_at: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}
