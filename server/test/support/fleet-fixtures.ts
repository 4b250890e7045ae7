import { computeFluxStatus, findFluxKind, FLUX_KINDS, type FluxObjectLike } from '@flux-orchestrator/flux-model';
import type { KubeObject, SimCluster } from '@flux-orchestrator/sim';
import type { TestServer } from './test-server.js';
import { waitUntil } from './wait-until.js';

/**
 * Helpers for fleet engine tests against simulated clusters: register a cluster, read what the
 * server indexed and what the cluster holds, and change Flux objects the way a controller would
 * (status writes straight into the simulator's store, which every watch then sees).
 */

/** The fields of a `/api/v1/resources` item the tests read. */
export interface IndexedItem {
  id: string;
  cluster_id: string;
  cluster: string;
  kind: string;
  api_version: string;
  namespace: string;
  name: string;
  status: string;
  reason: string;
  message: string;
  stale: boolean;
  status_since: string;
  updated_at: string;
}

export interface KindSync {
  kind: string;
  version: string;
  state: string;
  last_error: string | null;
  backoff_until: string | null;
  listed_at: string | null;
}

export interface SyncStatus {
  state: string;
  last_error: string | null;
  backoff_until: string | null;
  kinds: KindSync[];
  /** The cluster's events watch (null until discovery succeeded). */
  events: Omit<KindSync, 'kind' | 'version'> | null;
}

/** `Kind/namespace/name`: how tests name one object across the store and the index. */
export function objectKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

export function groupResourceOf(kind: string): string {
  const found = findFluxKind(kind);
  if (!found) throw new Error(`${kind} is not a Flux kind`);
  return `${found.group}/${found.plural}`;
}

/** Every Flux object the simulated cluster holds, by `Kind/namespace/name`. */
export function clusterContent(cluster: SimCluster): Map<string, KubeObject> {
  const content = new Map<string, KubeObject>();
  for (const kind of FLUX_KINDS) {
    for (const object of cluster.store.list(`${kind.group}/${kind.plural}`).items) {
      content.set(objectKey(kind.kind, object.metadata.namespace, object.metadata.name), object);
    }
  }
  return content;
}

/** Registers a simulated cluster with the server; returns its id. */
export async function registerCluster(t: TestServer, cluster: SimCluster, kubeconfig = cluster.kubeconfig()): Promise<string> {
  const created = await t.request('POST', '/api/v1/clusters', { name: cluster.name, kubeconfig });
  if (created.status !== 201) throw new Error(`registering ${cluster.name} answered ${created.status}: ${created.text}`);
  return created.json.id as string;
}

/** Every indexed item of one cluster (all pages). */
export async function indexedItems(t: TestServer, clusterId: string, extraQuery = ''): Promise<IndexedItem[]> {
  const items: IndexedItem[] = [];
  let cursor: string | null = null;
  do {
    const response = await t.request('GET', `/api/v1/resources?cluster=${clusterId}&limit=1000&sort=kind${extraQuery}${cursor ? `&cursor=${cursor}` : ''}`);
    if (response.status !== 200) throw new Error(`GET /api/v1/resources answered ${response.status}: ${response.text}`);
    items.push(...(response.json.items as IndexedItem[]));
    cursor = response.json.next_cursor as string | null;
  } while (cursor);
  return items;
}

/** One indexed item by kind, namespace and name, or undefined. */
export async function indexedItem(t: TestServer, clusterId: string, kind: string, namespace: string, name: string): Promise<IndexedItem | undefined> {
  const response = await t.request('GET', `/api/v1/resources?cluster=${clusterId}&kind=${kind}&namespace=${encodeURIComponent(namespace)}&q=${encodeURIComponent(name)}&limit=1000`);
  return (response.json.items as IndexedItem[]).find((item) => item.name === name && item.namespace === namespace);
}

export async function syncStatus(t: TestServer, clusterId: string): Promise<SyncStatus> {
  const response = await t.request('GET', `/api/v1/clusters/${clusterId}/sync`);
  if (response.status !== 200) throw new Error(`GET /sync answered ${response.status}: ${response.text}`);
  return response.json as SyncStatus;
}

/**
 * How the index differs from the cluster: missing, extra and wrong-status objects (empty when
 * they match). The expected status is flux-model's reading of the stored object.
 */
export function differences(items: IndexedItem[], content: Map<string, KubeObject>): string[] {
  const problems: string[] = [];
  const indexed = new Map(items.map((item) => [objectKey(item.kind, item.namespace, item.name), item]));
  for (const [key, object] of content) {
    const item = indexed.get(key);
    if (!item) {
      problems.push(`missing ${key}`);
      continue;
    }
    const kind = findFluxKind(object.kind)!;
    const expected = computeFluxStatus(object as FluxObjectLike, kind);
    if (item.status !== expected.status || item.message !== expected.message) problems.push(`${key}: indexed ${item.status} "${item.message}", cluster ${expected.status} "${expected.message}"`);
  }
  for (const key of indexed.keys()) if (!content.has(key)) problems.push(`extra ${key}`);
  return problems;
}

/** Waits until the server indexed exactly the cluster's Flux objects, all fresh, and the sync is `synced`. */
export async function waitForInSync(t: TestServer, clusterId: string, cluster: SimCluster, timeoutMs = 20_000): Promise<IndexedItem[]> {
  let last: string[] = [];
  return waitUntil(
    `${cluster.name} indexed, fresh and synced`,
    async () => {
      const [items, sync] = [await indexedItems(t, clusterId), await syncStatus(t, clusterId)];
      last = differences(items, clusterContent(cluster));
      const stale = items.filter((item) => item.stale).length;
      if (last.length > 0 || stale > 0 || sync.state !== 'synced') {
        throw new Error(`${sync.state}; ${stale} stale; ${last.length} differences: ${last.slice(0, 3).join('; ')}`);
      }
      return items;
    },
    timeoutMs,
    100,
  );
}

/**
 * Waits until every kind of the cluster is watching and no watch was (re)started for over a
 * second (counted by the simulated API server). A watch the API server ends sooner counts as
 * "ended at once" and is retried after a short backoff (as client-go's reflector does with a
 * "very short watch"); tests that cut watches on purpose wait for this so the cut is an ordinary one.
 */
export async function waitForSettledWatches(t: TestServer, clusterId: string, cluster: SimCluster): Promise<void> {
  const watchRequests = (): number => Object.entries(cluster.api.counters.snapshot()).reduce((sum, [key, count]) => sum + (key.startsWith('watch ') ? count : 0), 0);
  let seen = -1;
  let since = Date.now();
  await waitUntil('every watch open for over a second', async () => {
    const count = watchRequests();
    if (count !== seen) {
      seen = count;
      since = Date.now();
    }
    const sync = await syncStatus(t, clusterId);
    return sync.kinds.length > 0 && sync.kinds.every((kind) => kind.state === 'watching') && cluster.api.openStreamCount() >= sync.kinds.length && Date.now() - since > 1_200;
  });
}

/** The first stored object of a kind that matches (default: any), or throws. */
export function pickObject(cluster: SimCluster, kind: string, match: (object: KubeObject) => boolean = () => true): KubeObject {
  const object = cluster.store.list(groupResourceOf(kind)).items.find(match);
  if (!object) throw new Error(`${cluster.name} has no matching ${kind}`);
  return object;
}

export function readyStatusOf(object: KubeObject): string | undefined {
  const conditions = (object.status?.conditions ?? []) as Array<{ type: string; status: string }>;
  return conditions.find((condition) => condition.type === 'Ready')?.status;
}

/**
 * Sets an object's Ready condition as its controller would (status subresource; the generation
 * stays observed, so the simulated controller leaves it alone). Reconciling/Stalled are cleared so
 * Ready decides the status. Returns the stored object.
 */
export function setReady(cluster: SimCluster, kind: string, namespace: string | undefined, name: string, ready: { status: 'True' | 'False'; reason: string; message: string }): KubeObject {
  const groupResource = groupResourceOf(kind);
  const stored = cluster.store.get(groupResource, namespace, name);
  if (!stored) throw new Error(`${cluster.name} has no ${kind} ${namespace}/${name}`);
  const conditions = ((stored.status?.conditions ?? []) as Array<{ type: string; status: string; lastTransitionTime?: string }>).filter(
    (condition) => !['Ready', 'Reconciling', 'Stalled'].includes(condition.type),
  );
  const previous = ((stored.status?.conditions ?? []) as Array<{ type: string; status: string; lastTransitionTime?: string }>).find((condition) => condition.type === 'Ready');
  const lastTransitionTime = previous && previous.status === ready.status && previous.lastTransitionTime ? previous.lastTransitionTime : new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return cluster.store.updateStatus(groupResource, {
    ...stored,
    status: {
      ...(stored.status ?? {}),
      observedGeneration: stored.metadata.generation,
      conditions: [{ type: 'Ready', status: ready.status, reason: ready.reason, message: ready.message, lastTransitionTime, observedGeneration: stored.metadata.generation }, ...conditions],
    },
  });
}

/** Creates a ready Kustomization with its status already reported (no controller run needed). */
export function createReadyKustomization(cluster: SimCluster, namespace: string, name: string): KubeObject {
  const groupResource = groupResourceOf('Kustomization');
  cluster.store.create(groupResource, {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace },
    spec: { interval: '10m', path: `./${name}`, prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } },
  });
  return setReady(cluster, 'Kustomization', namespace, name, { status: 'True', reason: 'ReconciliationSucceeded', message: `Applied revision: main@sha1:${name}` });
}

export function deleteObject(cluster: SimCluster, kind: string, namespace: string | undefined, name: string): void {
  cluster.store.delete(groupResourceOf(kind), namespace, name);
}
