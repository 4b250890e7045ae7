import { describe, expect, it } from 'vitest';
import type { FluxStatus } from '@flux-orchestrator/flux-model';
import { FleetIndex, type ResourceQuery } from './fleet-index.js';
import { recordKey, searchText, type ResourceRecord } from './resource-record.js';

function record(clusterId: string, kind: string, namespace: string, name: string, status: FluxStatus, since: string, message = ''): ResourceRecord {
  const base: ResourceRecord = {
    key: recordKey(clusterId, kind, namespace, name),
    clusterId,
    kind,
    apiVersion: 'v1',
    namespace,
    name,
    status,
    reason: status === 'failed' ? 'BuildFailed' : 'ReconciliationSucceeded',
    message,
    revision: null,
    attemptedRevision: null,
    suspended: status === 'suspended',
    statusSince: since,
    lastHandledReconcileAt: null,
    generation: 1,
    observedGeneration: 1,
    source: null,
    dependsOn: [],
    inputs: [],
    generates: [],
    inputSelectors: [],
    labels: {},
    resourceVersion: null,
    search: '',
    updatedAt: since,
  };
  return { ...base, search: searchText(base) };
}

function fleet(): FleetIndex {
  const index = new FleetIndex();
  const statuses: FluxStatus[] = ['ready', 'failed', 'ready', 'suspended', 'progressing', 'ready', 'unknown'];
  let n = 0;
  for (const cluster of ['a', 'b', 'c']) {
    for (const kind of ['Kustomization', 'HelmRelease']) {
      for (let i = 0; i < 20; i += 1) {
        const status = statuses[n % statuses.length]!;
        index.upsert(record(cluster, kind, i % 2 ? 'apps' : 'flux-system', `obj-${i}`, status, new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString(), status === 'failed' ? `kustomize build failed: ${i}` : 'Applied'));
        n += 1;
      }
    }
  }
  return index;
}

const base: ResourceQuery = { sort: 'status', order: 'asc', limit: 7 };
const names = (id: string) => id.toUpperCase();

describe('FleetIndex', () => {
  it('pages with cursors through every match exactly once, in order, for every sort', () => {
    const index = fleet();
    for (const sort of ['status', 'name', 'kind', 'cluster', 'namespace', 'since'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = index.query({ ...base, sort, order, ...(cursor ? { cursor } : {}) }, names);
          seen.push(...page.items.map((item) => item.key));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        expect(new Set(seen).size).toBe(120);
        expect(seen).toHaveLength(120);
      }
    }
    const first = index.query({ ...base, limit: 120 }, names).items;
    expect(first[0]!.status).toBe('failed');
    expect(first.at(-1)!.status).toBe('ready');
  });

  it('counts facets over what matches every other filter', () => {
    const index = fleet();
    const page = index.query({ ...base, statuses: new Set(['failed']), clusterIds: new Set(['a']) }, names);
    expect(page.items.every((item) => item.status === 'failed' && item.clusterId === 'a')).toBe(true);
    expect(page.total).toBe(page.facets.status.failed);
    // Status facet: every status within cluster a; cluster facet: failed objects per cluster.
    expect(Object.values(page.facets.status).reduce((sum, count) => sum + count, 0)).toBe(40);
    expect(page.facets.cluster.a).toBe(page.total);
    expect(Object.keys(page.facets.cluster).sort()).toEqual(['a', 'b', 'c']);
  });

  it('finds text in name and message, and keeps a cached text search current as records change', () => {
    const index = fleet();
    const before = index.query({ ...base, text: 'build failed', limit: 200 }, names);
    expect(before.total).toBeGreaterThan(0);
    expect(before.items.every((item) => item.message.includes('build failed'))).toBe(true);
    const fixed = before.items[0]!;
    index.upsert({ ...fixed, status: 'ready', message: 'Applied', search: searchText({ ...fixed, message: 'Applied' }) });
    const broken = record('d', 'Kustomization', 'apps', 'new', 'failed', '2026-02-01T00:00:00.000Z', 'kustomize build failed: new');
    index.upsert(broken);
    const after = index.query({ ...base, text: 'build failed', limit: 200 }, names);
    expect(after.items.map((item) => item.key)).not.toContain(fixed.key);
    expect(after.items.map((item) => item.key)).toContain(broken.key);
    expect(after.total).toBe(before.total);
    index.delete(broken.key);
    expect(index.query({ ...base, text: 'build failed', limit: 200 }, names).total).toBe(before.total - 1);
  });

  it('keeps counts per cluster and kind as records come, change and go', () => {
    const index = fleet();
    expect(index.totals().total).toBe(120);
    const counts = index.countsOfCluster('a');
    expect(counts.total).toBe(40);
    index.dropCluster('a');
    expect(index.countsOfCluster('a').total).toBe(0);
    expect(index.totals().total).toBe(80);
    expect(index.countsByKind().get('Kustomization')!.total).toBe(40);
  });

  it('knows which kinds each cluster has, as the last record of a kind goes', () => {
    const index = fleet();
    expect(index.kindsOfCluster('b').sort()).toEqual(['HelmRelease', 'Kustomization']);
    for (const found of index.ofCluster('b', 'HelmRelease')) index.delete(found.key);
    expect(index.kindsOfCluster('b')).toEqual(['Kustomization']);
    index.dropCluster('b');
    expect(index.kindsOfCluster('b')).toEqual([]);
    expect(index.kindsOfCluster('a').sort()).toEqual(['HelmRelease', 'Kustomization']);
  });

  it('refuses a cursor it did not issue', () => {
    expect(() => fleet().query({ ...base, cursor: 'not-a-cursor' }, names)).toThrow(/cursor/);
  });
});
