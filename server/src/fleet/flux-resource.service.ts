import { CoreV1Api, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import {
  findFluxKind,
  FLUX_KINDS,
  reconcilePatch,
  resumePatch,
  suspendPatch,
  computeFluxStatus,
  sourceRefOf,
  type FluxAction,
  type FluxKind,
  type FluxObjectLike,
  type FluxRef,
} from '@flux-orchestrator/flux-model';
import { ApiError } from '../common/api-error.js';
import { httpStatusOf, type ClusterConnection, type ClusterConnections } from '../connections/index.js';
import type { FluxObjectsRepo } from '../store/index.js';
import type { FleetEngine } from './fleet-engine.js';
import { discoverFluxKinds } from './kind-discovery.js';
import { clusterUnavailable, ClusterUnreachableError } from './cluster-unreachable.js';
import { recordKey, type ResourceRecord } from './resource-record.js';
import { toItem } from './resource-views.js';
import type { ActionResult, ReconcileBody, ResourceItem } from './resources.schemas.js';
import type { Static } from '@sinclair/typebox';
import type { KubeEvent, ResourceDetail } from './resources.schemas.js';

/** Whether the caller may see (or act in) a namespace of the cluster at hand. */
export type NamespaceScope = (namespace: string) => boolean;
const everyNamespace: NamespaceScope = () => true;

/** One Kubernetes event of an object as the detail shows it, with the Event's uid (to merge). */
export type ObjectEvent = Static<typeof KubeEvent> & { uid: string };

/** The object's kept events (kube-events/), newest first: served with the live ones. */
export type StoredEventsReader = (clusterId: string, kind: string, namespace: string, name: string) => Promise<ObjectEvent[]>;

/** Events the detail shows, at most. */
const DETAIL_EVENTS = 50;

/** Deadline of one read or change of an object on its cluster. */
const OBJECT_TIMEOUT_MS = 15_000;

export interface ResourceAddress {
  clusterId: string;
  kind: string;
  namespace: string;
  name: string;
}

export interface Located {
  connection: ClusterConnection;
  kind: FluxKind;
  version: string;
}

/**
 * Reads one Flux object live from its cluster and acts on it as the flux CLI does: reconcile is a
 * merge patch of `reconcile.fluxcd.io/requestedAt` (the source first with `with_source`; force and
 * reset add `forceAt`/`resetAt` on HelmReleases), suspend and resume patch `spec.suspend` (resume
 * also requests a reconcile). Waiting watches the index for `lastHandledReconcileAt` to match.
 */
export class FluxResourceService {
  constructor(
    private readonly engine: FleetEngine,
    private readonly connections: ClusterConnections,
    private readonly objectsRepo: FluxObjectsRepo,
    private readonly storedEvents?: StoredEventsReader,
  ) {}

  /** The catalog kind for a path segment (Kind or plural, any case), or a 404 naming it. */
  kindOf(name: string): FluxKind {
    const kind = findFluxKind(name);
    if (!kind) throw new ApiError(404, 'not_found', `Flux kind "${name}" was not found; use one of ${FLUX_KINDS.map((k) => k.kind).join(', ')}`);
    return kind;
  }

  /**
   * The object read live, with what the index and the store know of it. While its cluster cannot
   * be reached (see unreachableReason: down, TLS, refused credentials, 5xx, timeouts) the answer
   * is what needs no cluster: the index's last known record, its status changes, its kept events,
   * its source and dependencies, with `live: false` and the reason. A 404 or 403 from the cluster
   * stays an error; so does an outage when the index does not know the object either.
   */
  async detail(address: ResourceAddress, inScope: NamespaceScope = everyNamespace): Promise<Static<typeof ResourceDetail>> {
    const kind = this.kindOf(address.kind);
    let located: Located;
    let object: FluxObjectLike;
    try {
      located = await this.locate(address);
      object = await this.read(located, address);
    } catch (error) {
      if (error instanceof ClusterUnreachableError) return this.lastKnown(address, kind, error.reason, inScope);
      throw error;
    }
    const record = this.engine.observe(address.clusterId, object) ?? this.engine.index.get(recordKey(address.clusterId, located.kind.kind, address.namespace, address.name));
    if (!record) throw ApiError.notFound(`${located.kind.kind} ${address.namespace}/${address.name}`);
    const computed = computeFluxStatus(object, located.kind);
    // The cluster's own events expire after an hour; the kept ones outlast that and its outages.
    const [live, stored] = await Promise.all([this.eventsOf(located, address).catch(() => []), this.keptEventsOf(address, located.kind)]);
    const { managedFields: _managed, ...metadata } = (object.metadata ?? {}) as Record<string, unknown>;
    const shown = { ...object, metadata };
    return {
      resource: toItem(this.engine, record),
      live: true,
      unavailable_reason: null,
      object: shown as Record<string, unknown>,
      yaml: stringify(shown),
      conditions: computed.conditions.map((condition) => ({
        type: condition.type,
        status: condition.status,
        reason: condition.reason ?? '',
        message: condition.message ?? '',
        last_transition_time: condition.lastTransitionTime ?? null,
      })),
      events: mergeEvents(live, stored),
      ...(await this.knownContext(address, located.kind, record, (item) => item, inScope)),
    };
  }

  /**
   * The detail from the index and the store alone, for a cluster that cannot be reached. Every
   * item is marked `stale`: the cluster just failed to answer, even if its watches have not
   * noticed yet (a cut connection can take up to a ping timeout to be seen).
   */
  private async lastKnown(address: ResourceAddress, kind: FluxKind, reason: string, inScope: NamespaceScope): Promise<Static<typeof ResourceDetail>> {
    const record = this.engine.index.get(recordKey(address.clusterId, kind.kind, address.namespace, address.name));
    if (!record) {
      throw new ApiError(404, 'not_found', `${kind.kind} ${address.namespace}/${address.name} was not found in the fleet index, and its cluster could not be asked (${reason})`);
    }
    const asKnown = (item: ResourceItem): ResourceItem => (item.stale ? item : { ...item, stale: true });
    return {
      resource: asKnown(toItem(this.engine, record)),
      live: false,
      unavailable_reason: reason,
      object: null,
      yaml: null,
      conditions: [],
      events: mergeEvents([], await this.keptEventsOf(address, kind)),
      ...(await this.knownContext(address, kind, record, asKnown, inScope)),
    };
  }

  private keptEventsOf(address: ResourceAddress, kind: FluxKind): Promise<ObjectEvent[]> {
    return this.storedEvents?.(address.clusterId, kind.kind, address.namespace, address.name).catch(() => []) ?? Promise.resolve([]);
  }

  /** What the index and the store know around the object: status changes, source, dependencies, dependents. */
  private async knownContext(
    address: ResourceAddress,
    kind: FluxKind,
    record: ResourceRecord,
    shown: (item: ResourceItem) => ResourceItem,
    inScope: NamespaceScope,
  ): Promise<Pick<Static<typeof ResourceDetail>, 'transitions' | 'source' | 'depends_on' | 'dependents'>> {
    const transitions = await this.objectsRepo.transitionsOf(record.key, 50);
    // The reference itself is part of the object's spec (shown anyway); the status of an object in
    // a namespace outside the caller's scope is not.
    const lookup = (ref: FluxRef) => {
      if (!inScope(ref.namespace)) return { ref, resource: null, out_of_scope: true };
      const refKind = findFluxKind(ref.kind);
      const found = refKind ? this.engine.index.get(recordKey(address.clusterId, refKind.kind, ref.namespace, ref.name)) : undefined;
      return { ref, resource: found ? shown(toItem(this.engine, found)) : null, out_of_scope: false };
    };
    const dependents = this.engine.index
      .ofCluster(address.clusterId)
      .filter((other) => inScope(other.namespace))
      .filter((other) => isSameRef(other.source, kind.kind, address) || [...other.dependsOn, ...other.inputs].some((ref) => isSameRef(ref, kind.kind, address)))
      .map((other) => shown(toItem(this.engine, other)));
    return {
      transitions: transitions.map((row) => ({ from_status: row.from_status, to_status: row.to_status, reason: row.reason, message: row.message, at: row.at })),
      source: record.source ? lookup(record.source) : null,
      depends_on: record.dependsOn.map(lookup),
      dependents,
    };
  }

  /** The live object with where it was read from (its kind, served version and connection). */
  async readLive(address: ResourceAddress): Promise<Located & { object: FluxObjectLike }> {
    const located = await this.locate(address);
    return { ...located, object: await this.read(located, address) };
  }

  /** `inScope`: the namespaces the caller may act in (the source of `with_source` too). */
  async reconcile(address: ResourceAddress, body: ReconcileBody, inScope: NamespaceScope = everyNamespace): Promise<ActionResult> {
    const located = await this.locate(address);
    this.requireAction(located.kind, 'reconcile');
    if ((body.force || body.reset) && !located.kind.reconcileOptions.includes('force')) {
      throw ApiError.validation([{ field: body.force ? 'body.force' : 'body.reset', message: `${located.kind.kind} has no force/reset; only HelmRelease does` }]);
    }
    if (body.with_source && !located.kind.reconcileOptions.includes('with_source')) {
      throw ApiError.validation([{ field: 'body.with_source', message: `${located.kind.kind} has no source to reconcile first` }]);
    }
    const current = await this.read(located, address);
    let source: ActionResult['source'];
    if (body.with_source) {
      const ref = this.engine.index.get(recordKey(address.clusterId, located.kind.kind, address.namespace, address.name))?.source ?? null;
      const sourceRef = ref ?? sourceRefOf(current);
      if (!sourceRef) throw ApiError.validation([{ field: 'body.with_source', message: `${located.kind.kind} ${address.namespace}/${address.name} names no source` }]);
      const sourceKind = findFluxKind(sourceRef.kind);
      if (!sourceKind?.actions.includes('reconcile')) {
        throw ApiError.validation([{ field: 'body.with_source', message: `its source ${sourceRef.kind} ${sourceRef.namespace}/${sourceRef.name} cannot be reconciled` }]);
      }
      if (!inScope(sourceRef.namespace)) {
        throw new ApiError(403, 'forbidden', `with_source would reconcile its source ${sourceKind.kind} ${sourceRef.namespace}/${sourceRef.name}, in a namespace outside your role bindings: reconcile without with_source, or ask someone who may act there`);
      }
      const sourceAddress = { clusterId: address.clusterId, kind: sourceKind.kind, namespace: sourceRef.namespace, name: sourceRef.name };
      const sourceLocated = await this.locate(sourceAddress);
      const token = requestToken();
      await this.patch(sourceLocated, sourceAddress, reconcilePatch(token));
      source = { ref: sourceRef, requested_at: token };
    }
    const token = requestToken();
    const patched = await this.patch(located, address, reconcilePatch(token, { force: body.force === true, reset: body.reset === true }));
    const result = await this.outcome(located, address, patched, token, body.wait_seconds ?? 0);
    return { action: 'reconcile', ...result, ...(source ? { source } : {}) };
  }

  async suspend(address: ResourceAddress): Promise<ActionResult> {
    const located = await this.locate(address);
    this.requireAction(located.kind, 'suspend');
    const patched = await this.patch(located, address, suspendPatch());
    const record = this.engine.observe(address.clusterId, patched);
    return {
      action: 'suspend',
      requested_at: new Date().toISOString(),
      outcome: 'done',
      last_handled_reconcile_at: record?.lastHandledReconcileAt ?? null,
      resource: this.itemOf(address, located, patched, record),
    };
  }

  async resume(address: ResourceAddress, waitSeconds: number): Promise<ActionResult> {
    const located = await this.locate(address);
    this.requireAction(located.kind, 'resume');
    const token = requestToken();
    const patched = await this.patch(located, address, resumePatch(token));
    return { action: 'resume', ...(await this.outcome(located, address, patched, token, waitSeconds)) };
  }

  private requireAction(kind: FluxKind, action: FluxAction): void {
    if (!kind.actions.includes(action)) {
      const offered = kind.actions.length > 0 ? `it offers ${kind.actions.join(', ')}` : 'it offers no actions';
      throw new ApiError(400, 'action_not_supported', `${kind.kind} cannot be ${action === 'reconcile' ? 'reconciled' : `${action}ed`}: ${offered}`);
    }
  }

  private async outcome(located: Located, address: ResourceAddress, patched: FluxObjectLike, token: string, waitSeconds: number): Promise<Omit<ActionResult, 'action' | 'source'>> {
    let record = this.engine.observe(address.clusterId, patched);
    let outcome: ActionResult['outcome'] = 'requested';
    if (waitSeconds > 0) {
      const handled = (candidate: ResourceRecord | undefined): boolean =>
        candidate?.lastHandledReconcileAt === token && (candidate.status === 'ready' || candidate.status === 'failed');
      record = await this.waitFor(located, address, handled, waitSeconds * 1000);
      outcome = handled(record) ? (record!.status as 'ready' | 'failed') : 'timeout';
    }
    return { requested_at: token, outcome, last_handled_reconcile_at: record?.lastHandledReconcileAt ?? null, resource: this.itemOf(address, located, patched, record) };
  }

  /**
   * Resolves with the object's record once `done` holds or the time is up. Changes arrive through
   * the watch; when the cluster's watch of this kind is not live, the object is read every second.
   */
  private waitFor(located: Located, address: ResourceAddress, done: (record: ResourceRecord | undefined) => boolean, timeoutMs: number): Promise<ResourceRecord | undefined> {
    const key = recordKey(address.clusterId, located.kind.kind, address.namespace, address.name);
    return new Promise((resolve) => {
      const finish = (): void => {
        unsubscribe();
        clearTimeout(deadline);
        clearInterval(poll);
        resolve(this.engine.index.get(key));
      };
      const unsubscribe = this.engine.onChange((change) => {
        if (change.record.key === key && done(this.engine.index.get(key))) finish();
      });
      const deadline = setTimeout(finish, timeoutMs);
      const poll = setInterval(() => {
        if (this.engine.isLive({ clusterId: address.clusterId, kind: located.kind.kind })) return;
        void this.read(located, address).then((object) => {
          this.engine.observe(address.clusterId, object);
          if (done(this.engine.index.get(key))) finish();
        }, () => undefined);
      }, 1000);
      if (done(this.engine.index.get(key))) finish();
    });
  }

  private itemOf(address: ResourceAddress, located: Located, object: FluxObjectLike, record: ResourceRecord | undefined): ResourceItem {
    const current = record ?? this.engine.index.get(recordKey(address.clusterId, located.kind.kind, address.namespace, address.name)) ?? this.engine.observe(address.clusterId, object);
    if (!current) throw ApiError.notFound(`${located.kind.kind} ${address.namespace}/${address.name}`);
    return toItem(this.engine, current);
  }

  private async locate(address: ResourceAddress): Promise<Located> {
    const kind = this.kindOf(address.kind);
    if (!this.engine.cluster(address.clusterId)) throw ApiError.notFound(`Cluster ${address.clusterId}`);
    let connection: ClusterConnection;
    try {
      connection = await this.connections.get(address.clusterId);
    } catch {
      throw ApiError.notFound(`Cluster ${address.clusterId}`);
    }
    let version = this.engine.servedVersion(address.clusterId, kind.kind);
    if (!version) {
      const served = await discoverFluxKinds(connection, AbortSignal.timeout(OBJECT_TIMEOUT_MS)).catch((error: unknown) => {
        throw clusterError(this.engine.clusterName(address.clusterId), error, `list the API groups (discovery)`);
      });
      version = served.find((entry) => entry.kind.kind === kind.kind)?.version;
    }
    if (!version) throw ApiError.notFound(`${kind.kind} (the cluster does not serve ${kind.plural}.${kind.group})`);
    return { connection, kind, version };
  }

  private async read(located: Located, address: ResourceAddress): Promise<FluxObjectLike> {
    try {
      const object = (await located.connection.call(
        CustomObjectsApi,
        (api) => api.getNamespacedCustomObject({ group: located.kind.group, version: located.version, namespace: address.namespace, plural: located.kind.plural, name: address.name }),
        AbortSignal.timeout(OBJECT_TIMEOUT_MS),
      )) as FluxObjectLike;
      return { ...object, kind: located.kind.kind };
    } catch (error) {
      if (httpStatusOf(error) === 404) throw ApiError.notFound(`${located.kind.kind} ${address.namespace}/${address.name}`);
      throw clusterError(this.engine.clusterName(address.clusterId), error, `get ${located.kind.plural}.${located.kind.group} in namespace ${address.namespace}`);
    }
  }

  private async patch(located: Located, address: ResourceAddress, body: Record<string, unknown>): Promise<FluxObjectLike> {
    try {
      const object = (await located.connection.call(
        CustomObjectsApi,
        (api) =>
          api.patchNamespacedCustomObject(
            { group: located.kind.group, version: located.version, namespace: address.namespace, plural: located.kind.plural, name: address.name, body },
            setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
          ),
        AbortSignal.timeout(OBJECT_TIMEOUT_MS),
      )) as FluxObjectLike;
      return { ...object, kind: located.kind.kind };
    } catch (error) {
      if (httpStatusOf(error) === 404) throw ApiError.notFound(`${located.kind.kind} ${address.namespace}/${address.name}`);
      throw clusterError(this.engine.clusterName(address.clusterId), error, `patch ${located.kind.plural}.${located.kind.group} in namespace ${address.namespace}`);
    }
  }

  private async eventsOf(located: Located, address: ResourceAddress): Promise<ObjectEvent[]> {
    const list = await located.connection.call(
      CoreV1Api,
      (api) => api.listNamespacedEvent({ namespace: address.namespace, fieldSelector: `involvedObject.kind=${located.kind.kind},involvedObject.name=${address.name}` }),
      AbortSignal.timeout(10_000),
    );
    return list.items
      .map((event) => {
        const last = event.lastTimestamp ?? event.eventTime ?? event.metadata?.creationTimestamp;
        const first = event.firstTimestamp ?? event.eventTime ?? event.metadata?.creationTimestamp;
        return {
          uid: event.metadata?.uid ?? '',
          type: event.type ?? 'Normal',
          reason: event.reason ?? '',
          message: event.message ?? '',
          count: event.count ?? 1,
          first_seen: first ? new Date(first).toISOString() : null,
          last_seen: last ? new Date(last).toISOString() : null,
          source: event.source?.component ?? event.reportingComponent ?? '',
        };
      })
      .sort((a, b) => (b.last_seen ?? '').localeCompare(a.last_seen ?? ''))
      .slice(0, DETAIL_EVENTS);
  }
}

/** Live and kept events, one per Event object (the live version wins), newest first. */
function mergeEvents(live: ObjectEvent[], stored: ObjectEvent[]): Static<typeof ResourceDetail>['events'] {
  const byUid = new Map<string, ObjectEvent>();
  const withoutUid: ObjectEvent[] = [];
  for (const event of [...live, ...stored]) {
    if (!event.uid) withoutUid.push(event);
    else if (!byUid.has(event.uid)) byUid.set(event.uid, event);
  }
  return [...byUid.values(), ...withoutUid]
    .sort((a, b) => (b.last_seen ?? '').localeCompare(a.last_seen ?? ''))
    .slice(0, DETAIL_EVENTS)
    .map(({ uid: _uid, ...event }) => event);
}

function isSameRef(ref: FluxRef | null, kind: string, address: ResourceAddress): boolean {
  return ref !== null && ref.kind === kind && ref.namespace === address.namespace && ref.name === address.name;
}

/**
 * The flux CLI writes the current time in RFC 3339 with nanoseconds; the controller copies it to
 * `lastHandledReconcileAt`. Sub-millisecond digits from the monotonic clock keep two requests
 * in the same millisecond apart.
 */
function requestToken(): string {
  const iso = new Date().toISOString();
  const subMillisecond = String(process.hrtime.bigint() % 1_000_000n).padStart(6, '0');
  return `${iso.slice(0, -1)}${subMillisecond}Z`;
}

/**
 * A failed request to the object's cluster as an API error: 403 names the permission `needs`
 * (a verb on a resource) that the cluster's identity lacks; an outage is a ClusterUnreachableError
 * (502 with the reason, which the detail turns into its last known state); any other answer is a
 * plain 502 naming the status.
 */
function clusterError(clusterName: string, error: unknown, needs: string): ApiError {
  const status = httpStatusOf(error);
  if (status === 403) {
    const change = needs.startsWith('patch');
    return new ApiError(403, 'cluster_forbidden', `the cluster refused ${change ? 'the change' : 'the request'} (403 Forbidden): grant the cluster's identity ${needs}`);
  }
  return clusterUnavailable(clusterName, error, OBJECT_TIMEOUT_MS);
}
