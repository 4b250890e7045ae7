import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { PodLogStore } from '../contracts.js';
import { StoreError } from '../store/types.js';
import type { KubeObject, ObjectStore, StoreEvent } from '../store/types.js';
import { findCondition, isReadyForCurrentGeneration, READY } from './flux-conditions.js';
import { FluxControllerLogger, FLUX_NAMESPACE } from './flux-controller-logger.js';
import { FLUX_CONTROLLER_DEPLOYMENTS, fluxControllerFor, fluxControllerForKind } from './flux-controllers.js';
import type { FluxControllerInfo } from './flux-controllers.js';
import { FluxEventRecorder } from './flux-event-recorder.js';
import { FLUX_KINDS, fluxGroupResource } from './flux-kinds.js';
import { goDuration, goElapsed, sourceRevision } from './flux-revisions.js';
import {
  FORCE_AT_ANNOTATION,
  helmChartOf,
  progressingStatus,
  reconciledStatus,
  REQUESTED_AT_ANNOTATION,
  RESET_AT_ANNOTATION,
  STATIC_KINDS,
} from './flux-status-builders.js';
import type { ReconcileOutcome } from './flux-status-builders.js';
import { applyPlannedObjects, ensureInventoryObjects, inventoryId, planHelmReleaseWorkloads, planKustomizationWorkloads } from './flux-workloads.js';
import type { InventoryEntry } from './flux-workloads.js';
import { SeededRandom } from './seeded-random.js';

/** Persistent failure markers a generator or test can put on any Flux object. */
export const FAIL_REASON_ANNOTATION = 'sim.flux-orchestrator.dev/fail-reason';
export const FAIL_MESSAGE_ANNOTATION = 'sim.flux-orchestrator.dev/fail-message';
/** `"true"`: the failure is terminal (Stalled=True, no retries), e.g. RetriesExceeded. */
export const FAIL_STALLED_ANNOTATION = 'sim.flux-orchestrator.dev/fail-stalled';

/** Identifies one object: store key `group/plural`, namespace and name. */
export interface FluxObjectRef {
  groupResource: string;
  namespace?: string;
  name: string;
}

export interface FluxControllerSimulatorOptions {
  store: ObjectStore;
  logs: PodLogStore;
  /** Time from "Reconciling" to the result; each reconcile varies by ±25%. Default 500 ms. */
  reconcileDelayMs?: number;
  /** Clock for timestamps (timers still use real time). */
  now?: () => Date;
  /** Seeds the delay jitter. Default 1. */
  seed?: number | string;
  /** Events kept in the store by this simulator (oldest deleted first). Default 200. */
  maxEvents?: number;
}

interface InFlight {
  reconcileID: string;
  startedAt: number;
  timer?: NodeJS.Timeout;
  /** Something relevant changed while in flight: reconcile again when done. */
  rerun: boolean;
}

interface Resolution {
  outcome: ReconcileOutcome;
  revision?: string;
  /** Objects this one waits for; it is reconciled again when they become ready. */
  waitOn: string[];
}

interface ObjectRefSpec {
  kind?: string;
  name?: string;
  namespace?: string;
}

function keyOf(groupResource: string, namespace: string | undefined, name: string): string {
  return `${groupResource}|${namespace ?? ''}|${name}`;
}

function parseKey(key: string): FluxObjectRef {
  const [groupResource = '', namespace = '', name = ''] = key.split('|');
  return { groupResource, namespace: namespace || undefined, name };
}

/** True when Flux would reconcile `object` now: a new generation or an unhandled request annotation. */
export function needsReconcile(object: KubeObject): boolean {
  const status = object.status ?? {};
  if (object.metadata.generation !== status.observedGeneration) return true;
  const annotations = object.metadata.annotations ?? {};
  const requestedAt = annotations[REQUESTED_AT_ANNOTATION];
  if (requestedAt !== undefined && requestedAt !== status.lastHandledReconcileAt) return true;
  if (object.kind === 'HelmRelease') {
    const forceAt = annotations[FORCE_AT_ANNOTATION];
    const resetAt = annotations[RESET_AT_ANNOTATION];
    if (forceAt !== undefined && forceAt !== status.lastHandledForceAt) return true;
    if (resetAt !== undefined && resetAt !== status.lastHandledResetAt) return true;
  }
  return false;
}

function attemptKey(object: KubeObject): string {
  const annotations = object.metadata.annotations ?? {};
  return `${object.metadata.generation}|${annotations[REQUESTED_AT_ANNOTATION]}|${annotations[FORCE_AT_ANNOTATION]}|${annotations[RESET_AT_ANNOTATION]}`;
}

function isSuspended(object: KubeObject): boolean {
  return object.spec?.suspend === true;
}

/** The failure a `sim.flux-orchestrator.dev/fail-*` annotation asks for, if any. */
export function annotatedOutcome(object: KubeObject): ReconcileOutcome | undefined {
  const annotations = object.metadata.annotations ?? {};
  const reason = annotations[FAIL_REASON_ANNOTATION];
  if (!reason) return undefined;
  return {
    ready: false,
    reason,
    message: annotations[FAIL_MESSAGE_ANNOTATION] ?? `simulated failure: ${reason}`,
    stalled: annotations[FAIL_STALLED_ANNOTATION] === 'true',
  };
}

/**
 * Simulated Flux controllers for one cluster. Attached to the cluster's object store and pod
 * log store, it reacts to store events the way Flux's controllers react to watch events:
 *
 * - When `metadata.generation` ≠ `status.observedGeneration`, or the
 *   `reconcile.fluxcd.io/requestedAt` annotation (HelmRelease also `forceAt`/`resetAt`) is not
 *   yet handled, and `spec.suspend` is not true, it writes `Reconciling=True`/`Ready=Unknown`
 *   (reason `Progressing`), then after `reconcileDelayMs` the result: `Ready=True` with Flux's
 *   reason and message, or the failure set by {@link setOutcome} or the
 *   `sim.flux-orchestrator.dev/fail-reason`/`fail-message`/`fail-stalled` annotations.
 * - `dependsOn` and source references are honoured: the object fails with `DependencyNotReady`
 *   / `ArtifactFailed` and is reconciled again as soon as what it waits for becomes ready.
 * - A source whose artifact revision changes triggers the Kustomizations/HelmReleases using it.
 * - Kustomizations create their workloads and record `status.inventory`; HelmReleases create
 *   their workloads and HelmChart and record `status.history`.
 * - Emits core/v1 Events and JSON log lines into the controller pods of `flux-system`.
 *
 * Idle cost is zero: no timers or scans run unless an object changes. A failed attempt is not
 * retried on a timer (unlike Flux's `retryInterval`); it is retried when the object, its
 * outcome or something it waits for changes.
 */
export class FluxControllerSimulator {
  private readonly store: ObjectStore;
  private readonly reconcileDelayMs: number;
  private readonly now: () => Date;
  private readonly random: SeededRandom;
  private readonly events: FluxEventRecorder;
  private readonly logger: FluxControllerLogger;
  private readonly inFlight = new Map<string, InFlight>();
  /** Last failed attempt per object, so a failure is not retried in a tight loop. */
  private readonly failedAttempts = new Map<string, string>();
  private readonly waiters = new Map<string, Set<string>>();
  private readonly outcomes = new Map<string, ReconcileOutcome>();
  private readonly commits = new Map<string, number>();
  private idleListeners: Array<() => void> = [];
  private unsubscribe: (() => void) | undefined;

  constructor(options: FluxControllerSimulatorOptions) {
    this.store = options.store;
    this.reconcileDelayMs = Math.max(0, options.reconcileDelayMs ?? 500);
    this.now = options.now ?? (() => new Date());
    this.random = new SeededRandom(options.seed ?? 1);
    this.events = new FluxEventRecorder({ store: options.store, now: this.now, maxEvents: options.maxEvents });
    this.logger = new FluxControllerLogger({ store: options.store, logs: options.logs, now: this.now });
  }

  /**
   * Starts watching the store. Writes startup lines to the controller logs, logs the current
   * failures, and reconciles objects that are already out of date (one pass over Flux objects).
   */
  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.store.subscribe((event) => this.onStoreEvent(event));
    for (const { name } of FLUX_CONTROLLER_DEPLOYMENTS) {
      this.logger.plainLine(name, 'info', 'starting manager', { logger: 'setup' });
    }
    for (const definition of FLUX_KINDS) {
      const groupResource = fluxGroupResource(definition);
      const controller = fluxControllerFor(groupResource);
      for (const object of this.store.list(groupResource).items) {
        const ready = findCondition(object, READY);
        if (controller && ready?.status === 'False') {
          this.logger.reconcileLine(controller, object, 'error', 'Reconciler error', randomUUID(), { error: ready.message });
        }
        this.consider(groupResource, object, false);
      }
    }
  }

  /** Stops watching and cancels pending reconciles (objects stay as they are). */
  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const entry of this.inFlight.values()) clearTimeout(entry.timer);
    this.inFlight.clear();
    this.notifyIdle();
  }

  /**
   * Sets the outcome of this object's reconciles (`undefined` clears it: back to the
   * annotations, else success) and reconciles it now. Takes precedence over the annotations.
   */
  setOutcome(ref: FluxObjectRef, outcome: ReconcileOutcome | undefined): void {
    const key = keyOf(ref.groupResource, ref.namespace, ref.name);
    if (outcome) this.outcomes.set(key, outcome);
    else this.outcomes.delete(key);
    const object = this.store.get(ref.groupResource, ref.namespace, ref.name);
    if (object) this.consider(ref.groupResource, object, true);
  }

  /**
   * Requests a reconcile the way `flux reconcile` does: sets the
   * `reconcile.fluxcd.io/requestedAt` annotation. Returns the updated object.
   * Throws StoreError 404 when the object does not exist.
   */
  requestReconcile(ref: FluxObjectRef, requestedAt: string = this.now().toISOString()): KubeObject {
    const object = this.store.get(ref.groupResource, ref.namespace, ref.name);
    if (!object) throw new StoreError(404, 'NotFound', `${ref.groupResource} "${ref.name}" not found`);
    const { resourceVersion: _rv, ...metadata } = object.metadata;
    return this.store.update(
      ref.groupResource,
      { ...object, metadata: { ...metadata, annotations: { ...metadata.annotations, [REQUESTED_AT_ANNOTATION]: requestedAt } } },
      { preserveStatus: true },
    );
  }

  /**
   * Simulates a new commit (or OCI push) on a source: it reconciles to a new artifact
   * revision, and the Kustomizations/HelmReleases using it follow.
   */
  advanceSource(ref: FluxObjectRef): void {
    const key = keyOf(ref.groupResource, ref.namespace, ref.name);
    this.commits.set(key, (this.commits.get(key) ?? 0) + 1);
    const object = this.store.get(ref.groupResource, ref.namespace, ref.name);
    if (object) this.consider(ref.groupResource, object, true);
  }

  /** Number of reconciles in progress. */
  pendingReconciles(): number {
    return this.inFlight.size;
  }

  /** Resolves when no reconcile is in progress. */
  whenIdle(): Promise<void> {
    if (this.inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleListeners.push(resolve));
  }

  private onStoreEvent(event: StoreEvent): void {
    if (event.groupResource === '/pods') {
      if (event.object.metadata.namespace === FLUX_NAMESPACE) this.logger.invalidatePods();
      return;
    }
    if (!fluxControllerFor(event.groupResource)) return;
    const { object } = event;
    const key = keyOf(event.groupResource, object.metadata.namespace, object.metadata.name);
    if (event.type === 'DELETED') {
      const entry = this.inFlight.get(key);
      if (entry) clearTimeout(entry.timer);
      this.finish(key, false);
      this.failedAttempts.delete(key);
      try {
        this.garbageCollect(object);
      } catch (error) {
        process.emitWarning(`flux simulator: garbage collection of ${key} failed: ${String(error)}`);
      }
      return;
    }
    if (this.waiters.has(key) && isReadyForCurrentGeneration(object)) this.wakeWaiters(key);
    this.consider(event.groupResource, object, false);
  }

  private wakeWaiters(key: string): void {
    const waiting = this.waiters.get(key);
    this.waiters.delete(key);
    for (const waiterKey of waiting ?? []) {
      const ref = parseKey(waiterKey);
      const waiter = this.store.get(ref.groupResource, ref.namespace, ref.name);
      if (waiter) this.consider(ref.groupResource, waiter, true);
    }
  }

  /** Decides whether to reconcile; `force` skips the "already attempted" check (not suspension). */
  private consider(groupResource: string, object: KubeObject, force: boolean): void {
    if (!this.unsubscribe || STATIC_KINDS.has(object.kind) || isSuspended(object)) return;
    const key = keyOf(groupResource, object.metadata.namespace, object.metadata.name);
    const running = this.inFlight.get(key);
    if (running) {
      if (force) running.rerun = true;
      return;
    }
    if (!force && !needsReconcile(object)) return;
    if (!force && this.failedAttempts.get(key) === attemptKey(object)) return;
    const entry: InFlight = { reconcileID: randomUUID(), startedAt: Date.now(), rerun: false };
    this.inFlight.set(key, entry);
    queueMicrotask(() => this.begin(key, entry));
  }

  private begin(key: string, entry: InFlight): void {
    if (this.inFlight.get(key) !== entry) return;
    try {
      this.beginReconcile(key, entry);
    } catch (error) {
      this.abandon(key, error);
    }
  }

  private complete(key: string, entry: InFlight): void {
    if (this.inFlight.get(key) !== entry) return;
    try {
      this.completeReconcile(key, entry);
    } catch (error) {
      this.abandon(key, error);
    }
  }

  /** A reconcile that hit an unexpected store error: give up on it rather than crash the process. */
  private abandon(key: string, error: unknown): void {
    process.emitWarning(`flux simulator: reconcile of ${key} abandoned: ${String(error)}`);
    this.finish(key, false);
  }

  private beginReconcile(key: string, entry: InFlight): void {
    const ref = parseKey(key);
    const object = this.store.get(ref.groupResource, ref.namespace, ref.name);
    if (!object || isSuspended(object)) {
      this.finish(key, false);
      return;
    }
    this.store.updateStatus(ref.groupResource, { ...object, metadata: { ...object.metadata, resourceVersion: undefined }, status: progressingStatus(object, this.now()) });
    const delay = this.reconcileDelayMs * (0.75 + 0.5 * this.random.next());
    entry.timer = setTimeout(() => this.complete(key, entry), delay);
    entry.timer.unref();
  }

  private completeReconcile(key: string, entry: InFlight): void {
    const ref = parseKey(key);
    const object = this.store.get(ref.groupResource, ref.namespace, ref.name);
    const controller = fluxControllerFor(ref.groupResource);
    if (!object || !controller) {
      this.finish(key, false);
      return;
    }
    const resolution = this.resolve(key, object);
    const elapsedMs = Date.now() - entry.startedAt;
    let inventory: InventoryEntry[] | undefined;
    let created = 0;
    if (resolution.outcome.ready) ({ inventory, created } = this.applyWorkloads(object));
    const previousRevision = (object.status?.artifact as { revision?: string } | undefined)?.revision;
    const status = reconciledStatus(object, { now: this.now(), elapsedMs, outcome: resolution.outcome, revision: resolution.revision, inventory });
    const updated = this.store.updateStatus(ref.groupResource, { ...object, metadata: { ...object.metadata, resourceVersion: undefined }, status });

    if (resolution.outcome.ready) this.failedAttempts.delete(key);
    else this.failedAttempts.set(key, attemptKey(updated));
    for (const dependency of resolution.waitOn) {
      let set = this.waiters.get(dependency);
      if (!set) {
        set = new Set();
        this.waiters.set(dependency, set);
      }
      set.add(key);
    }
    this.report(controller, object, updated, resolution, { elapsedMs, created, reconcileID: entry.reconcileID, revisionChanged: previousRevision !== resolution.revision });
    const newRevision = (updated.status?.artifact as { revision?: string } | undefined)?.revision;
    if (controller.definition.category === 'source' && previousRevision !== undefined && newRevision !== previousRevision) {
      this.triggerConsumers(updated);
    }
    this.finish(key, entry.rerun);
  }

  private finish(key: string, rerun: boolean): void {
    this.inFlight.delete(key);
    if (rerun) {
      const ref = parseKey(key);
      const object = this.store.get(ref.groupResource, ref.namespace, ref.name);
      if (object) this.consider(ref.groupResource, object, true);
    }
    if (this.inFlight.size === 0) this.notifyIdle();
  }

  private notifyIdle(): void {
    const listeners = this.idleListeners;
    this.idleListeners = [];
    for (const listener of listeners) listener();
  }

  /** Dependencies first, then the source, then the scenario's outcome. */
  private resolve(key: string, object: KubeObject): Resolution {
    const groupResource = parseKey(key).groupResource;
    const namespace = object.metadata.namespace;
    const dependsOn = Array.isArray(object.spec?.dependsOn) ? (object.spec.dependsOn as ObjectRefSpec[]) : [];
    if (object.kind === 'Kustomization' || object.kind === 'HelmRelease') {
      for (const dependency of dependsOn) {
        if (!dependency.name) continue;
        const dependencyNamespace = dependency.namespace ?? namespace;
        const found = this.store.get(groupResource, dependencyNamespace, dependency.name);
        if (!found || !isReadyForCurrentGeneration(found)) {
          return {
            outcome: { ready: false, reason: 'DependencyNotReady', message: `dependency '${dependencyNamespace}/${dependency.name}' is not ready` },
            waitOn: [keyOf(groupResource, dependencyNamespace, dependency.name)],
          };
        }
      }
    }
    let revision: string | undefined = sourceRevision(object, this.commits.get(key) ?? 0);
    const source = this.sourceOf(object);
    if (source) {
      const sourceKey = keyOf(source.groupResource, source.namespace, source.name);
      const found = this.store.get(source.groupResource, source.namespace, source.name);
      const artifactRevision = (found?.status?.artifact as { revision?: string } | undefined)?.revision;
      // As kustomize-controller: a source that failed later still serves its last artifact.
      if (!found || (artifactRevision === undefined && !isReadyForCurrentGeneration(found))) {
        const message = !found ? `Source '${source.kind}/${source.namespace}/${source.name}' not found` : 'Source artifact not found, retrying in 30s';
        return { outcome: { ready: false, reason: 'ArtifactFailed', message }, waitOn: [sourceKey] };
      }
      if (object.kind === 'Kustomization') revision = artifactRevision;
    }
    if (object.kind === 'HelmRelease') revision = helmChartOf(object).chartVersion;
    const outcome = this.outcomes.get(key) ?? annotatedOutcome(object) ?? { ready: true };
    return { outcome, revision, waitOn: [] };
  }

  /** The source object a Kustomization or HelmRelease consumes (HelmCharts are created on demand). */
  private sourceOf(object: KubeObject): (FluxObjectRef & { kind: string }) | undefined {
    const spec = object.spec ?? {};
    let ref: ObjectRefSpec | undefined;
    if (object.kind === 'Kustomization') ref = spec.sourceRef as ObjectRefSpec | undefined;
    if (object.kind === 'HelmRelease') {
      ref = (spec.chartRef as ObjectRefSpec | undefined) ?? ((spec.chart as { spec?: { sourceRef?: ObjectRefSpec } } | undefined)?.spec?.sourceRef);
    }
    if (!ref?.kind || !ref.name) return undefined;
    const controller = fluxControllerForKind(ref.kind);
    if (!controller) return undefined;
    return { kind: ref.kind, groupResource: fluxGroupResource(controller.definition), namespace: ref.namespace ?? object.metadata.namespace, name: ref.name };
  }

  private applyWorkloads(object: KubeObject): { inventory?: InventoryEntry[]; created: number } {
    if (object.kind === 'Kustomization') {
      const existing = (object.status?.inventory as { entries?: InventoryEntry[] } | undefined)?.entries;
      const labels = { 'kustomize.toolkit.fluxcd.io/name': object.metadata.name, 'kustomize.toolkit.fluxcd.io/namespace': object.metadata.namespace ?? 'default' };
      if (existing && existing.length > 0) return { inventory: existing, created: ensureInventoryObjects(this.store, existing, labels) };
      if (object.metadata.name === 'flux-system') {
        const controllers = this.store.list('apps/deployments', { namespace: FLUX_NAMESPACE }).items.map(inventoryId);
        return { inventory: [{ id: `_${FLUX_NAMESPACE}__Namespace`, v: 'v1' }, ...controllers], created: 0 };
      }
      const planned = planKustomizationWorkloads(object);
      const missing = planned.filter(({ groupResource, object: item }) => !this.store.get(groupResource, item.metadata.namespace, item.metadata.name)).length;
      return { inventory: applyPlannedObjects(this.store, planned), created: missing };
    }
    if (object.kind === 'HelmRelease') {
      const planned = planHelmReleaseWorkloads(object);
      const missing = planned.filter(({ groupResource, object: item }) => !this.store.get(groupResource, item.metadata.namespace, item.metadata.name)).length;
      applyPlannedObjects(this.store, planned);
      this.ensureHelmChart(object);
      return { created: missing };
    }
    return { created: 0 };
  }

  /** helm-controller creates a HelmChart `<namespace>-<name>` next to the HelmRepository source. */
  private ensureHelmChart(release: KubeObject): void {
    const template = (release.spec?.chart as { spec?: Record<string, unknown> } | undefined)?.spec;
    if (!template) return;
    const { chartName, sourceNamespace } = helmChartOf(release);
    const name = `${release.metadata.namespace}-${release.metadata.name}`;
    const groupResource = 'source.toolkit.fluxcd.io/helmcharts';
    if (this.store.get(groupResource, sourceNamespace, name)) return;
    const chart: KubeObject = {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'HelmChart',
      metadata: { name, namespace: sourceNamespace, generation: 1 },
      spec: { chart: chartName, version: template.version ?? '*', sourceRef: template.sourceRef, interval: template.interval ?? '5m', reconcileStrategy: 'ChartVersion' },
    };
    chart.status = reconciledStatus(chart, { now: this.now(), elapsedMs: 50, outcome: { ready: true }, revision: sourceRevision(chart) });
    try {
      this.store.create(groupResource, chart);
    } catch {
      // Created meanwhile by another reconcile.
    }
  }

  /**
   * What Flux does when its object is deleted: a Kustomization with `prune: true` deletes the
   * workloads in its inventory (Deployments, Services, ConfigMaps; namespaces and Flux objects are
   * kept here), a HelmRelease uninstalls its release and deletes its HelmChart.
   */
  private garbageCollect(object: KubeObject): void {
    const remove = (groupResource: string, namespace: string | undefined, name: string) => {
      if (this.store.get(groupResource, namespace, name)) this.store.delete(groupResource, namespace, name);
    };
    if (object.kind === 'Kustomization' && object.spec?.prune === true && object.spec.suspend !== true) {
      const entries = (object.status?.inventory as { entries?: InventoryEntry[] } | undefined)?.entries ?? [];
      const plural: Record<string, string> = { Deployment: 'apps/deployments', Service: '/services', ConfigMap: '/configmaps' };
      for (const { id } of entries) {
        const [namespace = '', name = '', , kind = ''] = id.split('_');
        const groupResource = plural[kind];
        if (groupResource && name) remove(groupResource, namespace || undefined, name);
      }
    }
    if (object.kind === 'HelmRelease' && object.spec?.suspend !== true && object.status?.history) {
      for (const { groupResource, object: workload } of planHelmReleaseWorkloads(object)) {
        if (workload.kind !== 'Namespace') remove(groupResource, workload.metadata.namespace, workload.metadata.name);
      }
      remove('source.toolkit.fluxcd.io/helmcharts', helmChartOf(object).sourceNamespace, `${object.metadata.namespace}-${object.metadata.name}`);
    }
  }

  /** Re-reconciles the Kustomizations and HelmReleases that consume `source`. */
  private triggerConsumers(source: KubeObject): void {
    for (const groupResource of ['kustomize.toolkit.fluxcd.io/kustomizations', 'helm.toolkit.fluxcd.io/helmreleases']) {
      for (const consumer of this.store.list(groupResource).items) {
        const ref = this.sourceOf(consumer);
        if (ref?.kind === source.kind && ref.name === source.metadata.name && ref.namespace === source.metadata.namespace) {
          this.consider(groupResource, consumer, true);
        }
      }
    }
  }

  /** Events and log lines for a finished reconcile, following what each controller emits. */
  private report(
    controller: FluxControllerInfo,
    before: KubeObject,
    after: KubeObject,
    resolution: Resolution,
    details: { elapsedMs: number; created: number; reconcileID: string; revisionChanged: boolean },
  ): void {
    const { outcome, revision } = resolution;
    const component = controller.deployment;
    const interval = goDuration(after.spec?.interval);
    const elapsed = goElapsed(details.elapsedMs);
    const ready = findCondition(after, READY);
    const revisionAnnotations: Record<string, string> | undefined = revision ? { [`${controller.definition.group.split('.')[0]}.toolkit.fluxcd.io/revision`]: revision } : undefined;
    if (!outcome.ready) {
      const dependency = outcome.reason === 'DependencyNotReady';
      this.events.record(after, { type: dependency ? 'Normal' : 'Warning', reason: outcome.reason, message: outcome.message, component, annotations: revisionAnnotations });
      if (dependency) {
        this.logger.reconcileLine(controller, after, 'info', 'Dependencies do not meet ready condition, retrying in 30s', details.reconcileID);
      } else {
        this.logger.reconcileLine(controller, after, 'error', 'Reconciler error', details.reconcileID, { error: outcome.message });
      }
      return;
    }
    const readyMessage = ready?.message ?? '';
    switch (after.kind) {
      case 'Kustomization': {
        const applied = details.created > 0 || before.status?.lastAppliedRevision !== revision || before.status?.observedGeneration !== before.metadata.generation;
        if (applied) {
          const changeSet = ((after.status?.inventory as { entries?: InventoryEntry[] } | undefined)?.entries ?? [])
            .map((entry) => entry.id.split('_'))
            .map(([namespace, name, , kind]) => `${kind}/${namespace ? `${namespace}/` : ''}${name} ${details.created > 0 ? 'created' : 'configured'}`);
          if (changeSet.length > 0) this.events.record(after, { type: 'Normal', reason: 'Progressing', message: changeSet.join('\n'), component, annotations: revisionAnnotations });
          this.logger.reconcileLine(controller, after, 'info', 'server-side apply completed', details.reconcileID, { output: Object.fromEntries(changeSet.map((line) => line.split(' ') as [string, string])), revision });
        }
        const message = `Reconciliation finished in ${elapsed}, next run in ${interval}`;
        this.events.record(after, { type: 'Normal', reason: 'ReconciliationSucceeded', message, component, annotations: revisionAnnotations });
        this.logger.reconcileLine(controller, after, 'info', message, details.reconcileID, { revision });
        return;
      }
      case 'HelmRelease': {
        const released = !isDeepStrictEqual(before.status?.history, after.status?.history);
        if (released) this.events.record(after, { type: 'Normal', reason: ready?.reason ?? 'InstallSucceeded', message: readyMessage, component, annotations: revisionAnnotations });
        this.logger.reconcileLine(controller, after, 'info', released ? readyMessage : 'release in-sync with desired state', details.reconcileID);
        return;
      }
      default: {
        if (controller.definition.category === 'source') {
          const reason = details.revisionChanged ? (after.kind === 'HelmChart' ? 'ChartPullSucceeded' : 'NewArtifact') : 'ArtifactUpToDate';
          const message = details.revisionChanged ? readyMessage : `artifact up-to-date with remote revision: '${revision ?? ''}'`;
          this.events.record(after, { type: 'Normal', reason, message, component, annotations: revisionAnnotations });
          this.logger.reconcileLine(controller, after, 'info', message, details.reconcileID);
          return;
        }
        this.events.record(after, { type: 'Normal', reason: ready?.reason ?? 'Succeeded', message: readyMessage, component });
        this.logger.reconcileLine(controller, after, 'info', readyMessage, details.reconcileID);
      }
    }
  }
}
