import type { Cluster, HealthStatus } from '../api/clusters.js';

/**
 * Health as the UI groups it: the server's connection statuses, "not checked yet", and `failing`:
 * reachable, but some of its Flux objects fail (a cluster is never shown healthy while they do).
 */
export type HealthKey = HealthStatus | 'unchecked' | 'failing';

/** Worst first: what needs a person's attention comes to the top. */
const SEVERITY: Record<HealthKey, number> = { unreachable: 0, unauthorized: 1, failing: 2, degraded: 3, unchecked: 4, healthy: 5 };

export const healthOf = (cluster: Cluster): HealthKey => {
  const connection = cluster.health?.status ?? 'unchecked';
  if ((connection === 'healthy' || connection === 'degraded') && (cluster.flux?.failed ?? 0) > 0) return 'failing';
  return connection;
};

/** Why a cluster is in its health group, in words. */
export function healthReasonOf(cluster: Cluster): string | undefined {
  if (healthOf(cluster) === 'failing') {
    const failed = cluster.flux?.failed ?? 0;
    return `${failed} Flux object${failed === 1 ? '' : 's'} failing${cluster.health?.reason ? `; ${cluster.health.reason}` : ''}`;
  }
  return cluster.health?.reason || undefined;
}

export const isUnhealthy = (key: HealthKey): boolean => key === 'unreachable' || key === 'unauthorized' || key === 'degraded' || key === 'failing';

export function countByHealth(clusters: readonly Cluster[]): Record<HealthKey, number> {
  const counts: Record<HealthKey, number> = { healthy: 0, failing: 0, degraded: 0, unauthorized: 0, unreachable: 0, unchecked: 0 };
  for (const cluster of clusters) counts[healthOf(cluster)] += 1;
  return counts;
}

/** Connection problems as the header names them, worst first. */
export const CONNECTION_PROBLEMS = [
  { key: 'unreachable', label: 'unreachable' },
  { key: 'unauthorized', label: 'refused' },
  { key: 'degraded', label: 'degraded' },
  { key: 'unchecked', label: 'not checked' },
] as const;

export interface FleetSummaryCounts {
  total: number;
  /** By connection alone (`ok`: the health check passed), whatever its Flux objects do. */
  connections: Record<'ok' | (typeof CONNECTION_PROBLEMS)[number]['key'], number>;
  /** Reachable clusters with failing Flux objects (the `failing` health group). */
  fluxFailing: number;
}

/**
 * The header's two separate facts: can the server reach each cluster, and does Flux fail there.
 * One "healthy / unhealthy" count mixed them (every cluster could be reached, yet 0 "healthy").
 */
export function summarizeFleet(clusters: readonly Cluster[]): FleetSummaryCounts {
  const connections = { ok: 0, unreachable: 0, unauthorized: 0, degraded: 0, unchecked: 0 };
  let fluxFailing = 0;
  for (const cluster of clusters) {
    const status = cluster.health?.status;
    connections[status === 'healthy' ? 'ok' : (status ?? 'unchecked')] += 1;
    if (healthOf(cluster) === 'failing') fluxFailing += 1;
  }
  return { total: clusters.length, connections, fluxFailing };
}

/** Where an AKS cluster lives, read from its ARM id. */
export interface AksLocation {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

const ARM_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerService\/managedClusters\/([^/]+)$/i;

export function parseAksResourceId(ref: string | null | undefined): AksLocation | undefined {
  const match = ref ? ARM_ID.exec(ref) : null;
  return match ? { subscriptionId: match[1]!, resourceGroup: match[2]!, name: match[3]! } : undefined;
}

/** The server's own fields first, the ARM id as a fallback. */
export function aksLocationOf(cluster: Cluster): AksLocation | undefined {
  if (cluster.source.type !== 'aks') return undefined;
  const parsed = parseAksResourceId(cluster.source.ref);
  const subscriptionId = cluster.source.azure_subscription_id ?? parsed?.subscriptionId;
  const resourceGroup = cluster.source.resource_group ?? parsed?.resourceGroup;
  return subscriptionId && resourceGroup ? { subscriptionId, resourceGroup, name: parsed?.name ?? cluster.name } : undefined;
}

export type HealthFilter = 'all' | 'unhealthy' | HealthKey;
export type SourceFilter = 'all' | 'kubeconfig' | 'aks';

export interface ClusterFilter {
  search: string;
  health: HealthFilter;
  source: SourceFilter;
}

/** Search matches name, description, server, labels (`key=value`) and the AKS resource group. */
function matchesSearch(cluster: Cluster, search: string): boolean {
  const terms = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return true;
  const aks = aksLocationOf(cluster);
  const haystack = [cluster.name, cluster.description, cluster.server, ...Object.entries(cluster.labels).map(([key, value]) => `${key}=${value}`), aks?.resourceGroup ?? '', aks?.subscriptionId ?? '']
    .join('\n')
    .toLowerCase();
  return terms.every((term) => haystack.includes(term));
}

/** Filters, then orders: favorites first, then by name (case-insensitive, numbers in order). */
export function filterAndSortClusters(clusters: readonly Cluster[], filter: ClusterFilter): Cluster[] {
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  return clusters
    .filter((cluster) => {
      const health = healthOf(cluster);
      if (filter.health === 'unhealthy' ? !isUnhealthy(health) : filter.health !== 'all' && health !== filter.health) return false;
      if (filter.source !== 'all' && cluster.source.type !== filter.source) return false;
      return matchesSearch(cluster, filter.search);
    })
    .sort((a, b) => Number(b.favorite) - Number(a.favorite) || collator.compare(a.name, b.name));
}

/** Worst health first, then by name: the Dashboard's order. */
export function sortBySeverity(clusters: readonly Cluster[]): Cluster[] {
  const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  return [...clusters].sort((a, b) => SEVERITY[healthOf(a)] - SEVERITY[healthOf(b)] || collator.compare(a.name, b.name));
}

/** `team=platform, env=prod` → `{team: 'platform', env: 'prod'}`; problems name the bad entry. */
export function parseLabels(text: string): { labels: Record<string, string>; error?: string } {
  const labels: Record<string, string> = {};
  for (const entry of text.split(/[,\n]/).map((part) => part.trim()).filter(Boolean)) {
    const at = entry.indexOf('=');
    if (at <= 0) return { labels, error: `"${entry}" is not key=value` };
    labels[entry.slice(0, at).trim()] = entry.slice(at + 1).trim();
  }
  return { labels };
}

export const formatLabels = (labels: Record<string, string>): string =>
  Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
