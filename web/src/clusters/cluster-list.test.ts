import { describe, expect, it } from 'vitest';
import type { Cluster } from '../api/clusters.js';
import { countByHealth, filterAndSortClusters, healthReasonOf, parseAksResourceId, parseLabels, sortBySeverity, summarizeFleet } from './cluster-list.js';

function cluster(name: string, overrides: Partial<Cluster> = {}, status?: NonNullable<Cluster['health']>['status']): Cluster {
  return {
    id: name,
    name,
    description: '',
    favorite: false,
    labels: {},
    source: { type: 'kubeconfig', ref: null, azure_subscription_id: null, resource_group: null, missing_in_source: false },
    server: `https://${name}.example:6443`,
    context: 'default',
    auth: 'token',
    flux: null,
    health: status ? { status, reason: status === 'healthy' ? '' : 'why', latency_ms: 3, kubernetes_version: 'v1.32.3', flux_version: 'v2.6.4', checked_at: '2025-01-01T00:00:00Z' } : null,
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z',
    ...overrides,
  };
}

const aksRef = '/subscriptions/0000-1/resourceGroups/rg-prod/providers/Microsoft.ContainerService/managedClusters/aks-1';
const fleet = [
  cluster('cluster-10', {}, 'healthy'),
  cluster('cluster-2', { labels: { team: 'payments' } }, 'unreachable'),
  cluster('aks-1', { source: { type: 'aks', ref: aksRef, azure_subscription_id: '0000-1', resource_group: 'rg-prod', missing_in_source: false }, favorite: true }, 'degraded'),
  cluster('new-one'),
  cluster('flux-broken', { flux: { sync: 'synced', objects: 10, failed: 2, progressing: 0, suspended: 1, unknown: 0, ready: 7 } }, 'healthy'),
];
const all = { search: '', health: 'all', source: 'all' } as const;

describe('cluster list logic', () => {
  it('puts favorites first, then names in natural order', () => {
    expect(filterAndSortClusters(fleet, all).map((c) => c.name)).toEqual(['aks-1', 'cluster-2', 'cluster-10', 'flux-broken', 'new-one']);
  });

  it('filters by health group, source and search terms over labels and resource group', () => {
    expect(filterAndSortClusters(fleet, { ...all, health: 'unhealthy' }).map((c) => c.name)).toEqual(['aks-1', 'cluster-2', 'flux-broken']);
    expect(filterAndSortClusters(fleet, { ...all, health: 'failing' }).map((c) => c.name)).toEqual(['flux-broken']);
    expect(filterAndSortClusters(fleet, { ...all, health: 'unchecked' }).map((c) => c.name)).toEqual(['new-one']);
    expect(filterAndSortClusters(fleet, { ...all, source: 'aks' }).map((c) => c.name)).toEqual(['aks-1']);
    expect(filterAndSortClusters(fleet, { ...all, search: 'team=payments' }).map((c) => c.name)).toEqual(['cluster-2']);
    expect(filterAndSortClusters(fleet, { ...all, search: 'RG-PROD' }).map((c) => c.name)).toEqual(['aks-1']);
  });

  it('orders by severity and counts by health; a reachable cluster with failing Flux objects is not healthy', () => {
    expect(sortBySeverity(fleet).map((c) => c.name)).toEqual(['cluster-2', 'flux-broken', 'aks-1', 'new-one', 'cluster-10']);
    expect(countByHealth(fleet)).toEqual({ healthy: 1, failing: 1, degraded: 1, unauthorized: 0, unreachable: 1, unchecked: 1 });
    expect(healthReasonOf(fleet.find((c) => c.name === 'flux-broken')!)).toBe('2 Flux objects failing');
  });

  it('summarizes connections and Flux failures apart: a reachable cluster with failing objects has a good connection', () => {
    expect(summarizeFleet(fleet)).toEqual({ total: 5, connections: { ok: 2, degraded: 1, unreachable: 1, unauthorized: 0, unchecked: 1 }, fluxFailing: 1 });
    // Every connection fine, Flux failing on both: 2 ok, 2 failing (the old header said "0 healthy").
    const failing = { sync: 'synced', objects: 3, failed: 1, progressing: 0, suspended: 0, unknown: 0, ready: 2 };
    expect(summarizeFleet([cluster('a', { flux: failing }, 'healthy'), cluster('b', { flux: failing }, 'healthy')])).toMatchObject({ connections: { ok: 2, unreachable: 0 }, fluxFailing: 2 });
  });

  it('reads subscription and resource group from an AKS ARM id', () => {
    expect(parseAksResourceId(aksRef)).toEqual({ subscriptionId: '0000-1', resourceGroup: 'rg-prod', name: 'aks-1' });
    expect(parseAksResourceId('/not/an/arm/id')).toBeUndefined();
  });

  it('parses labels and names the entry that is not key=value', () => {
    expect(parseLabels('team=platform, env = prod')).toEqual({ labels: { team: 'platform', env: 'prod' } });
    expect(parseLabels('team=platform, broken').error).toBe('"broken" is not key=value');
  });
});
