import { FLUX_STATUSES, type FluxStatus } from '@flux-orchestrator/flux-model';
import { ApiError } from '../common/api-error.js';
import { type FleetEngine, emptyCounts, type ResourceRecord, parseLabelSelector, resolveClusters, resolveKinds, type Visibility } from '../fleet/index.js';
import type { FleetMatrix, MatrixQuery } from './matrix.schemas.js';

/** What the matrix needs to know of a cluster besides the index: its last health check. */
export interface ClusterFacts {
  connection: string | null;
  fluxVersion: string | null;
}

function splitList(value: string | undefined): string[] | undefined {
  const parts = value?.split(',').map((part) => part.trim()).filter(Boolean);
  return parts && parts.length > 0 ? parts : undefined;
}

/** `v2.5.1` and `2.5.1` are the same version to someone asking for `2.5`. */
function withoutV(version: string): string {
  return version.replace(/^v/i, '');
}

/** A version prefix matches whole components: `2.5` matches 2.5.0 and 2.5.1, not 2.50.0. */
export function versionMatches(version: string | null, prefix: string): boolean {
  if (version === null) return false;
  const wanted = withoutV(prefix.trim());
  const actual = withoutV(version);
  if (wanted === '') return true;
  return actual === wanted || (actual.startsWith(wanted) && /^[.+\-@]/.test(actual.slice(wanted.length)));
}

/** Counts values, most common first, then by value (nulls last). */
function ranked<T extends string | null>(counts: Map<T, number>): Array<[T, number]> {
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] === null ? 1 : b[0] === null ? -1 : a[0].localeCompare(b[0], undefined, { numeric: true })));
}

/**
 * The fleet matrix: for one kind (and optionally one name), one row per cluster with the objects
 * it holds, their revision and status, and the cluster's Flux version — "which clusters still run
 * podinfo 6.5?" and "which clusters are on Flux 2.5?" in one answer. Built from the index only.
 */
export function buildFleetMatrix(engine: FleetEngine, facts: ReadonlyMap<string, ClusterFacts>, query: MatrixQuery, visibility?: Visibility): FleetMatrix {
  const kind = [...resolveKinds([query.kind], 'querystring.kind')][0]!;
  const namespaces = splitList(query.namespace);
  const statusList = splitList(query.status);
  for (const status of statusList ?? []) {
    if (!(FLUX_STATUSES as readonly string[]).includes(status)) {
      throw ApiError.validation([{ field: 'querystring.status', message: `"${status}" is not a status; use ${FLUX_STATUSES.join(', ')}` }]);
    }
  }
  const statuses = statusList ? new Set(statusList as FluxStatus[]) : undefined;
  const clusterValues = splitList(query.cluster);
  const named = clusterValues ? resolveClusters(engine, clusterValues) : undefined;
  const selected = query.cluster_selector !== undefined ? parseLabelSelector(query.cluster_selector) : undefined;
  // With a filter on the objects, a cluster without a match is not an answer; without one, it is
  // (the object is missing there, which is often the point).
  const objectFilter = statuses !== undefined || query.revision !== undefined;

  const clusters = engine
    .clusterList()
    .filter((cluster) => (visibility ? visibility.cluster(cluster.id) : true))
    .filter((cluster) => (named ? named.has(cluster.id) : true))
    .filter((cluster) => (selected ? selected(cluster.labels) : true))
    .filter((cluster) => (query.flux_version !== undefined ? versionMatches(facts.get(cluster.id)?.fluxVersion ?? null, query.flux_version) : true))
    .sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));

  const wanted = (record: ResourceRecord): boolean =>
    (query.name === undefined || record.name === query.name) &&
    (namespaces === undefined || namespaces.includes(record.namespace)) &&
    (statuses === undefined || statuses.has(record.status)) &&
    (query.revision === undefined || versionMatches(record.revision, query.revision)) &&
    (visibility === undefined || visibility.object(record.clusterId, record.namespace));

  const byStatus = emptyCounts();
  const revisionObjects = new Map<string | null, number>();
  const revisionClusters = new Map<string | null, number>();
  const fluxVersions = new Map<string | null, number>();
  const rows: FleetMatrix['rows'] = [];
  for (const cluster of clusters) {
    const records = engine.index
      .ofCluster(cluster.id, kind)
      .filter(wanted)
      .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
    if (objectFilter && records.length === 0) continue;
    const clusterFacts = facts.get(cluster.id);
    const fluxVersion = clusterFacts?.fluxVersion ?? null;
    fluxVersions.set(fluxVersion, (fluxVersions.get(fluxVersion) ?? 0) + 1);
    const seenRevisions = new Set<string | null>();
    for (const record of records) {
      byStatus.total += 1;
      byStatus[record.status] += 1;
      revisionObjects.set(record.revision, (revisionObjects.get(record.revision) ?? 0) + 1);
      seenRevisions.add(record.revision);
    }
    for (const revision of seenRevisions) revisionClusters.set(revision, (revisionClusters.get(revision) ?? 0) + 1);
    rows.push({
      cluster_id: cluster.id,
      cluster: cluster.name,
      flux_version: fluxVersion,
      connection: clusterFacts?.connection ?? null,
      objects: records.map((record) => ({
        namespace: record.namespace,
        name: record.name,
        status: record.status,
        reason: record.reason,
        message: record.message,
        revision: record.revision,
        suspended: record.suspended,
        status_since: record.statusSince,
        stale: !engine.isLive(record),
      })),
    });
  }
  return {
    kind,
    name: query.name ?? null,
    rows,
    revisions: ranked(revisionObjects).map(([revision, objects]) => ({ revision, objects, clusters: revisionClusters.get(revision) ?? 0 })),
    flux_versions: ranked(fluxVersions).map(([flux_version, count]) => ({ flux_version, clusters: count })),
    totals: { clusters: rows.length, clusters_without: rows.filter((row) => row.objects.length === 0).length, objects: byStatus.total, by_status: byStatus },
  };
}
