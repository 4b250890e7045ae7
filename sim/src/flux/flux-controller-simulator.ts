import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { PodLogStore } from '../contracts.js';
import { StoreError } from '../store/types.js';
import type { KubeObject, ObjectStore, StoreEvent } from '../store/types.js';
import { applyGeneratedArtifacts, deleteGeneratedArtifacts, EXTERNAL_ARTIFACTS, generatorInputs, resolveArtifactGenerator } from './artifact-generator.js';
import type { GeneratedArtifact, GeneratedArtifactRef } from './artifact-generator.js';
import { conditionsOf, findCondition, isReadyForCurrentGeneration, READY, RECONCILING, withCondition } from './flux-conditions.js';
import { FluxControllerLogger, FLUX_NAMESPACE } from './flux-controller-logger.js';
import { FLUX_CONTROLLER_DEPLOYMENTS, fluxControllerFor, fluxControllerForKind } from './flux-controllers.js';
import type { FluxControllerInfo } from './flux-controllers.js';
import { FluxEventRecorder } from './flux-event-recorder.js';
import { FLUX_KINDS, fluxGroupResource } from './flux-kinds.js';
import { durationMs, goDuration, goDurationOf, goElapsed, sourceRevision } from './flux-revisions.js';
import {
  FORCE_AT_ANNOTATION,
  progressingStatus,
  reconciledStatus,
  REQUESTED_AT_ANNOTATION,
  RESET_AT_ANNOTATION,
  STATIC_KINDS,
} from './flux-status-builders.js';
import type { ReconcileOutcome } from './flux-status-builders.js';
import { applyPlannedObjects, ensureInventoryObjects, inventoryId, parseInventoryId, planHelmReleaseWorkloads, planKustomizationWorkloads } from './flux-workloads.js';
import type { InventoryEntry } from './flux-workloads.js';
import { HELM_CHARTS, reconcileChartTemplate, releaseSourceRef, resolveReleaseSource } from './helm-release-source.js';
import { resolveImagePolicy } from './image-policy.js';
import { applyLocalBuild, buildLocalKustomization, localSourceDir } from './local-kustomize.js';
import type { LocalBuild, LocalSource } from './local-kustomize.js';
import { artifactRevision, keyOf, notFoundMessage, parseKey, refKey, SECRETS } from './object-refs.js';
import type { FluxObjectRef } from './object-refs.js';
import { SeededRandom } from './seeded-random.js';
import { matches, SimulatedNetwork } from './simulated-network.js';
import { FETCHING_KINDS, fetchSource, sourceUrl } from './source-fetch.js';
import { WorkloadRollouts, workloadHealth } from './workload-rollout.js';
import type { HealthTarget } from './workload-rollout.js';

export type { FluxObjectRef } from './object-refs.js';

/** Persistent failure markers a generator or test can put on any Flux object. */
export const FAIL_REASON_ANNOTATION = 'sim.flux-orchestrator.dev/fail-reason';
export const FAIL_MESSAGE_ANNOTATION = 'sim.flux-orchestrator.dev/fail-message';
/** `"true"`: the failure is terminal (Stalled=True, no retries), e.g. RetriesExceeded. */
export const FAIL_STALLED_ANNOTATION = 'sim.flux-orchestrator.dev/fail-stalled';

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
  /** The network sources are fetched through; share one between clusters for fleet-wide outages. Default: a private one. */
  network?: SimulatedNetwork;
  /**
   * Real milliseconds per Flux millisecond for requeues (`spec.retryInterval`, else `spec.interval`,
   * of a failed fetch). Default 1: real time. 0.001 turns a 1m interval into 60 ms.
   */
  timeScale?: number;
  /**
   * kustomize-controller's and helm-controller's `--requeue-dependency`, in Flux milliseconds
   * (scaled by `timeScale` like every Flux interval): how long an object whose `dependsOn` is not
   * ready (and a Kustomization whose source has no artifact yet) waits before it is reconciled
   * again. It is not woken when the dependency becomes ready, as Flux is not: it finds out at this
   * retry. Default 30 s, the controllers' default. Messages quote it as Go prints a duration
   * (`retrying in 30s`).
   */
  requeueDependencyMs?: number;
  /**
   * Source URLs backed by local directories: a Kustomization whose GitRepository/OCIRepository
   * has one of these URLs builds its `spec.path` from the directory (`kubectl kustomize`) and
   * applies the result instead of the simulator's invented workloads.
   */
  localSources?: readonly LocalSource[];
  /**
   * Flux milliseconds a Deployment or StatefulSet takes to roll out once created or changed
   * (scaled by `timeScale`); see workload-rollout.ts. Default 5 s.
   */
  rolloutMs?: number;
}

/** What a reconcile resolved and applied, kept while a Kustomization's health checks run. */
interface Applied {
  resolution: Resolution;
  inventory?: InventoryEntry[];
  created: number;
  observed?: Record<string, unknown>;
}

interface InFlight {
  reconcileID: string;
  startedAt: number;
  timer?: NodeJS.Timeout;
  /** Something relevant changed while in flight: reconcile again when done. */
  rerun: boolean;
  /** Kustomization from a local source: the build started with the reconcile, and its result. */
  build?: Promise<LocalBuild>;
  built?: LocalBuild;
  /** Set once resolved and applied; a Kustomization waiting on health checks polls with it. */
  applied?: Applied;
  /** Kustomization health checks in progress: when they time out. */
  healthDeadline?: number;
}

interface Resolution {
  outcome: ReconcileOutcome;
  revision?: string;
  /** Objects (or Secrets) this one waits for; it is reconciled again when they become ready (exist). */
  waitOn: string[];
  /** A failure Flux requeues by itself: retried after `spec.retryInterval`/`spec.interval`. */
  retry?: boolean;
  /** A failure requeued after the controller's `--requeue-dependency` instead (dependsOn, a source without artifact). */
  requeueDependency?: boolean;
  /** A failure the controller only logs (this info line), with no event: a Kustomization's missing source or artifact. */
  logOnly?: string;
  /** The URL a network failure could not reach (retried when it is reachable again). */
  unreachableUrl?: string;
  /** Status fields observed on success. */
  observed?: Record<string, unknown>;
  /** HelmRelease: chart name and OCI digest from its source. */
  chartName?: string;
  chartDigest?: string;
  /** ArtifactGenerator: the ExternalArtifacts to write. */
  generated?: GeneratedArtifact[];
}

interface ObjectRefSpec {
  kind?: string;
  name?: string;
  namespace?: string;
}

/** How often kustomize-controller re-checks health (Flux time). */
const HEALTH_POLL_MS = 5_000;

/** Kinds whose rollout the simulator models (workload-rollout.ts), so `wait` can tell they are not ready. */
const WAITED_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet']);

/**
 * What a Kustomization's health checks wait for: with `wait`, the workloads it applied (the
 * inventory's Deployments and StatefulSets; other kinds count as ready, which keeps generated
 * fleets' Kustomizations as generated); else its `spec.healthChecks`, whatever their kind (Flux
 * objects by their Ready condition). Never itself.
 */
function healthTargetsOf(kustomization: KubeObject, inventory: readonly InventoryEntry[] | undefined): HealthTarget[] {
  const spec = kustomization.spec ?? {};
  let targets: HealthTarget[] = [];
  if (spec.wait === true) {
    for (const entry of inventory ?? []) {
      const parsed = parseInventoryId(entry.id);
      if (parsed && WAITED_KINDS.has(parsed.kind)) targets.push({ apiVersion: parsed.group ? `${parsed.group}/${entry.v}` : entry.v, kind: parsed.kind, name: parsed.name, ...(parsed.namespace ? { namespace: parsed.namespace } : {}) });
    }
  } else if (Array.isArray(spec.healthChecks)) {
    targets = (spec.healthChecks as Array<Partial<HealthTarget>>)
      .filter((check) => check.kind && check.name)
      .map((check) => ({ apiVersion: check.apiVersion ?? 'v1', kind: check.kind!, name: check.name!, ...(check.namespace ? { namespace: check.namespace } : {}) }));
  }
  return targets.filter((target) => !(target.kind === 'Kustomization' && target.name === kustomization.metadata.name && target.namespace === kustomization.metadata.namespace));
}

/** kustomize-controller's and helm-controller's default `--requeue-dependency`. */
export const DEFAULT_REQUEUE_DEPENDENCY_MS = 30_000;

/** Kinds whose sources are watched by the consumers that reconcile when a source's artifact changes. */
const CONSUMER_RESOURCES = [
  'kustomize.toolkit.fluxcd.io/kustomizations',
  'helm.toolkit.fluxcd.io/helmreleases',
  HELM_CHARTS,
  'source.extensions.fluxcd.io/artifactgenerators',
];

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
 * - Sources behave by their spec (see source-fetch.ts): Secrets they name must exist, their URL
 *   must be reachable on the simulated network ({@link setUnreachable}), their semver ranges
 *   resolve against what is published (published-artifacts.ts).
 * - Source references are honoured: the object fails with `ArtifactFailed` / `SourceNotReady`
 *   and is reconciled again as soon as what it waits for becomes ready (a missing Secret: as
 *   soon as it is created), as the controllers' watches on sources make it.
 * - `dependsOn` is honoured as Flux does: `DependencyNotReady`, then a retry after
 *   `requeueDependencyMs` (the controllers' `--requeue-dependency`, default 30 s); nothing wakes
 *   the object when its dependency turns Ready, the first retry that finds it Ready goes ahead.
 * - A source whose artifact revision changes triggers the objects using it.
 * - Kustomizations create their workloads and record `status.inventory`; HelmReleases keep their
 *   HelmChart in line with `spec.chart`, install the version their source resolved, create their
 *   workloads and record `status.history`; ArtifactGenerators write their ExternalArtifacts.
 * - Emits core/v1 Events and JSON log lines into the controller pods of `flux-system`.
 *
 * Idle cost is zero: no timers or scans run unless an object changes. Failed fetches (missing
 * Secret, unreachable URL, unresolvable ref) are retried after `spec.retryInterval` or
 * `spec.interval`, unready dependencies after `requeueDependencyMs` (both times `timeScale`);
 * other failures (e.g. the `fail-reason` annotation) are retried when the object, its outcome
 * or something it waits for changes.
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
  private readonly retryTimers = new Map<string, NodeJS.Timeout>();
  /** Objects whose retry timer is a `--requeue-dependency` one. */
  private readonly dependencyRetries = new Set<string>();
  /** Objects whose last attempt failed on an unreachable URL, with that URL. */
  private readonly unreachableFailures = new Map<string, string>();
  private readonly network: SimulatedNetwork;
  private readonly timeScale: number;
  private readonly rollouts: WorkloadRollouts;
  private readonly requeueDependencyMs: number;
  private readonly localSources: readonly LocalSource[];
  private idleListeners: Array<() => void> = [];
  private unsubscribe: (() => void) | undefined;
  private unsubscribeNetwork: (() => void) | undefined;

  constructor(options: FluxControllerSimulatorOptions) {
    this.store = options.store;
    this.network = options.network ?? new SimulatedNetwork();
    this.timeScale = Math.max(0, options.timeScale ?? 1);
    this.requeueDependencyMs = options.requeueDependencyMs !== undefined && options.requeueDependencyMs > 0 ? options.requeueDependencyMs : DEFAULT_REQUEUE_DEPENDENCY_MS;
    this.localSources = options.localSources ?? [];
    this.reconcileDelayMs = Math.max(0, options.reconcileDelayMs ?? 500);
    this.now = options.now ?? (() => new Date());
    this.random = new SeededRandom(options.seed ?? 1);
    this.events = new FluxEventRecorder({ store: options.store, now: this.now, maxEvents: options.maxEvents });
    this.logger = new FluxControllerLogger({ store: options.store, logs: options.logs, now: this.now });
    this.rollouts = new WorkloadRollouts({ store: options.store, timeScale: this.timeScale, rolloutMs: options.rolloutMs });
  }

  /**
   * Starts watching the store. Writes startup lines to the controller logs, logs the current
   * failures, and reconciles objects that are already out of date (one pass over Flux objects).
   */
  start(): void {
    if (this.unsubscribe) return;
    this.rollouts.start();
    this.unsubscribe = this.store.subscribe((event) => this.onStoreEvent(event));
    this.unsubscribeNetwork = this.network.subscribe((entry, unreachable) => this.onReachabilityChange(entry, unreachable));
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
    this.rollouts.stop();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.unsubscribeNetwork?.();
    this.unsubscribeNetwork = undefined;
    for (const entry of this.inFlight.values()) clearTimeout(entry.timer);
    this.inFlight.clear();
    for (const timer of this.retryTimers.values()) clearTimeout(timer);
    this.retryTimers.clear();
    this.dependencyRetries.clear();
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

  /**
   * Declares a URL prefix or host unreachable for the sources of this cluster (and of every
   * cluster sharing its network), or reachable again with `unreachable: false`. Sources using it
   * fail at their next fetch (scheduled after their interval; at once on a reconcile request) and
   * recover as soon as it is reachable again.
   */
  setUnreachable(urlOrHost: string, unreachable = true): void {
    this.network.setUnreachable(urlOrHost, unreachable);
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
    const { object } = event;
    const key = keyOf(event.groupResource, object.metadata.namespace, object.metadata.name);
    if (event.groupResource === SECRETS) {
      // Flux retries on its own schedule; the simulator does not make a new Secret wait for it.
      if (event.type !== 'DELETED' && this.waiters.has(key)) this.wakeWaiters(key);
      return;
    }
    if (!fluxControllerFor(event.groupResource)) return;
    if (event.type === 'DELETED') {
      const entry = this.inFlight.get(key);
      if (entry) clearTimeout(entry.timer);
      this.finish(key, false);
      this.failedAttempts.delete(key);
      this.cancelRetry(key);
      this.unreachableFailures.delete(key);
      try {
        this.garbageCollect(object);
      } catch (error) {
        process.emitWarning(`flux simulator: garbage collection of ${key} failed: ${String(error)}`);
      }
      return;
    }
    // Waiters on a missing object retry when it appears (Flux's backoff would find it soon), the others when it is ready.
    const usable = event.type === 'ADDED' || isReadyForCurrentGeneration(object) || (object.kind === 'ExternalArtifact' && artifactRevision(object) !== undefined);
    if (this.waiters.has(key) && usable) this.wakeWaiters(key);
    this.consider(event.groupResource, object, false);
  }

  /**
   * A host came back: retry what failed on it now. A host went away: the sources using it fail
   * at their next scheduled fetch, one interval from now (healthy objects have no timers).
   */
  private onReachabilityChange(entry: string, unreachable: boolean): void {
    if (!unreachable) {
      for (const [key, url] of [...this.unreachableFailures]) {
        if (!matches(entry, url) || this.network.isUnreachable(url)) continue;
        this.unreachableFailures.delete(key);
        const ref = parseKey(key);
        const object = this.store.get(ref.groupResource, ref.namespace, ref.name);
        if (object) this.consider(ref.groupResource, object, true);
      }
      return;
    }
    for (const definition of FLUX_KINDS) {
      if (!FETCHING_KINDS.has(definition.kind)) continue;
      const groupResource = fluxGroupResource(definition);
      for (const object of this.store.list(groupResource).items) {
        const url = sourceUrl(object);
        if (url && matches(entry, url) && !isSuspended(object)) this.scheduleRetry(keyOf(groupResource, object.metadata.namespace, object.metadata.name), object);
      }
    }
  }

  /**
   * Reconciles `object` again after its `spec.retryInterval` (else `spec.interval`, else 1m), or
   * with `dependency` after the controller's `--requeue-dependency`; scaled by `timeScale`.
   */
  private scheduleRetry(key: string, object: KubeObject, dependency = false): void {
    this.cancelRetry(key);
    const flux = dependency ? this.requeueDependencyMs : (durationMs(object.spec?.retryInterval) ?? durationMs(object.spec?.interval) ?? 60_000);
    const timer = setTimeout(() => {
      this.retryTimers.delete(key);
      this.dependencyRetries.delete(key);
      const ref = parseKey(key);
      const current = this.store.get(ref.groupResource, ref.namespace, ref.name);
      if (current) this.consider(ref.groupResource, current, true);
    }, flux * this.timeScale);
    timer.unref();
    this.retryTimers.set(key, timer);
    if (dependency) this.dependencyRetries.add(key);
  }

  private cancelRetry(key: string): void {
    const timer = this.retryTimers.get(key);
    if (timer) clearTimeout(timer);
    this.retryTimers.delete(key);
    this.dependencyRetries.delete(key);
  }

  /**
   * The retry an object waits for, if any: after the controller's `--requeue-dependency`
   * (`dependency`) or after its `spec.retryInterval`/`spec.interval` (`interval`).
   */
  scheduledRetry(ref: FluxObjectRef): 'dependency' | 'interval' | undefined {
    const key = keyOf(ref.groupResource, ref.namespace, ref.name);
    if (!this.retryTimers.has(key)) return undefined;
    return this.dependencyRetries.has(key) ? 'dependency' : 'interval';
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
    // ExternalArtifacts are written by their producer (an ArtifactGenerator); no controller reconciles them.
    if (!this.unsubscribe || STATIC_KINDS.has(object.kind) || object.kind === 'ExternalArtifact' || isSuspended(object)) return;
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
    if (entry.applied) {
      try {
        this.settleReconcile(key, entry);
      } catch (error) {
        this.abandon(key, error);
      }
      return;
    }
    if (entry.build && !entry.built) {
      entry.build.then(
        (built) => {
          entry.built = built;
          this.complete(key, entry);
        },
        (error: unknown) => this.abandon(key, error),
      );
      return;
    }
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
    if (!this.stillWaiting(key, object)) this.store.updateStatus(ref.groupResource, { ...object, metadata: { ...object.metadata, resourceVersion: undefined }, status: progressingStatus(object, this.now()) });
    // helm-controller first brings the HelmChart in line with spec.chart, then waits for it.
    if (object.kind === 'HelmRelease') reconcileChartTemplate(this.store, object);
    const localDir = this.localSourceDirOf(object);
    if (localDir) {
      const variables = this.postBuildVariables(object);
      entry.build = variables.ok ? buildLocalKustomization(localDir, object, { variables: variables.variables }) : Promise.resolve(variables.failure);
    }
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
    const resolution = this.resolve(key, object, entry.built);
    let inventory: InventoryEntry[] | undefined;
    let created = 0;
    let observed = resolution.observed;
    if (resolution.outcome.ready) ({ inventory, created } = entry.built?.ok ? applyLocalBuild(this.store, object, entry.built.manifests) : this.applyWorkloads(object));
    if (resolution.outcome.ready && resolution.generated) {
      const namespace = object.metadata.namespace;
      const before = resolution.generated.map(({ name }) => artifactRevision(this.store.get(EXTERNAL_ARTIFACTS, namespace, name)));
      observed = { ...observed, inventory: applyGeneratedArtifacts(this.store, object, resolution.generated, this.now()) };
      // Nobody reconciles an ExternalArtifact, so its consumers hear of a new revision from here.
      resolution.generated.forEach(({ name, revision }, index) => {
        const artifact = this.store.get(EXTERNAL_ARTIFACTS, namespace, name);
        if (artifact && before[index] !== undefined && before[index] !== revision) this.triggerConsumers(artifact);
      });
    }
    entry.applied = { resolution, inventory, created, observed };
    this.settleReconcile(key, entry);
  }

  /**
   * Ends a resolved and applied reconcile. A Kustomization with `wait` or `healthChecks` first
   * waits for what it checks, as kustomize-controller does: `Reconciling`/`Healthy=Unknown`
   * "Running health checks for revision ... with a timeout of ...", re-checked every 5 s (Flux
   * time) until all are Current, else `HealthCheckFailed` at `spec.timeout` (default: interval).
   */
  private settleReconcile(key: string, entry: InFlight): void {
    const ref = parseKey(key);
    const object = this.store.get(ref.groupResource, ref.namespace, ref.name);
    const controller = fluxControllerFor(ref.groupResource);
    if (!object || !controller || !entry.applied) {
      this.finish(key, false);
      return;
    }
    let { resolution } = entry.applied;
    const { inventory, created, observed } = entry.applied;
    if (object.kind === 'Kustomization' && resolution.outcome.ready) {
      const targets = healthTargetsOf(object, inventory);
      const pending = targets.filter((target) => workloadHealth(this.store, target) !== 'Current');
      if (pending.length > 0) {
        const timeoutMs = durationMs(object.spec?.timeout) ?? durationMs(object.spec?.interval) ?? 600_000;
        if (entry.healthDeadline === undefined) {
          entry.healthDeadline = Date.now() + timeoutMs * this.timeScale;
          this.markHealthChecking(ref.groupResource, object, resolution.revision ?? '', timeoutMs);
        }
        if (Date.now() < entry.healthDeadline) {
          entry.timer = setTimeout(() => this.complete(key, entry), Math.max(1, HEALTH_POLL_MS * this.timeScale));
          entry.timer.unref();
          return;
        }
        const waited = pending.map((target) => `${target.kind}/${target.namespace ? `${target.namespace}/` : ''}${target.name} status: '${workloadHealth(this.store, target)}'`);
        resolution = { ...resolution, outcome: { ready: false, reason: 'HealthCheckFailed', message: `timeout waiting for: [${waited.join(', ')}]` }, retry: true };
      }
    }
    const elapsedMs = Date.now() - entry.startedAt;
    const previousRevision = artifactRevision(object);
    const status = reconciledStatus(object, {
      now: this.now(),
      elapsedMs,
      outcome: resolution.outcome,
      revision: resolution.revision,
      inventory,
      observed,
      chartName: resolution.chartName,
      chartDigest: resolution.chartDigest,
    });
    // The objects were applied before the health checks failed: the inventory records them.
    if (!resolution.outcome.ready && resolution.outcome.reason === 'HealthCheckFailed' && inventory) status.inventory = { entries: inventory };
    const updated = this.store.updateStatus(ref.groupResource, { ...object, metadata: { ...object.metadata, resourceVersion: undefined }, status });

    if (resolution.outcome.ready) this.failedAttempts.delete(key);
    else this.failedAttempts.set(key, attemptKey(updated));
    if (resolution.unreachableUrl) this.unreachableFailures.set(key, resolution.unreachableUrl);
    else this.unreachableFailures.delete(key);
    if (!resolution.outcome.ready && resolution.requeueDependency && !resolution.outcome.stalled) this.scheduleRetry(key, updated, true);
    else if (!resolution.outcome.ready && resolution.retry && !resolution.outcome.stalled) this.scheduleRetry(key, updated);
    else this.cancelRetry(key);
    for (const dependency of resolution.waitOn) {
      let set = this.waiters.get(dependency);
      if (!set) {
        set = new Set();
        this.waiters.set(dependency, set);
      }
      set.add(key);
    }
    this.report(controller, object, updated, resolution, { elapsedMs, created, reconcileID: entry.reconcileID, revisionChanged: previousRevision !== resolution.revision });
    const newRevision = artifactRevision(updated);
    if (controller.definition.category === 'source' && previousRevision !== undefined && newRevision !== previousRevision) {
      this.triggerConsumers(updated);
    }
    this.finish(key, entry.rerun);
  }

  /** kustomize-controller's status while its health checks run. */
  private markHealthChecking(groupResource: string, object: KubeObject, revision: string, timeoutMs: number): void {
    const message = `Running health checks for revision ${revision} with a timeout of ${goDurationOf(timeoutMs)}`;
    const now = this.now();
    const generation = object.metadata.generation;
    let conditions = conditionsOf(object);
    conditions = withCondition(conditions, { type: RECONCILING, status: 'True', reason: 'Progressing', message, observedGeneration: generation }, now);
    conditions = withCondition(conditions, { type: 'Healthy', status: 'Unknown', reason: 'Progressing', message, observedGeneration: generation }, now);
    this.store.updateStatus(groupResource, { ...object, metadata: { ...object.metadata, resourceVersion: undefined }, status: { ...object.status, conditions } });
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

  /** What this reconcile ends in: each kind checks what its controller checks, in its order, then the scenario's outcome. */
  private resolve(key: string, object: KubeObject, built?: LocalBuild): Resolution {
    const override = (): ReconcileOutcome => this.outcomes.get(key) ?? annotatedOutcome(object) ?? { ready: true };
    switch (object.kind) {
      case 'Kustomization': {
        // kustomize-controller: the source first, then dependsOn.
        const source = this.sourceOf(object);
        let revision: string | undefined;
        if (source) {
          const found = this.store.get(source.groupResource, source.namespace, source.name);
          const sourceKey = refKey(source);
          // Not found: retried after spec.retryInterval (and when the source appears: its watch).
          if (!found) {
            const ref = object.spec?.sourceRef as ObjectRefSpec;
            const named = `${ref.kind}/${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
            return { outcome: { ready: false, reason: 'ArtifactFailed', message: notFoundMessage(source.groupResource, source.name) }, waitOn: [sourceKey], retry: true, logOnly: `Source '${named}' not found` };
          }
          // A source that failed later still serves its last artifact. Without one: retried after
          // --requeue-dependency, and when the source gets an artifact (kustomize-controller watches sources).
          revision = artifactRevision(found);
          if (revision === undefined) {
            const message = `Source artifact not found, retrying in ${goDurationOf(this.requeueDependencyMs)}`;
            return { outcome: { ready: false, reason: 'ArtifactFailed', message }, waitOn: [sourceKey], requeueDependency: true, logOnly: message };
          }
        }
        const waiting = this.unreadyDependency(key, object);
        if (waiting) return waiting;
        if (built && !built.ok) return { outcome: { ready: false, reason: built.reason, message: built.message }, revision, waitOn: [], retry: true };
        return { outcome: override(), revision, waitOn: [] };
      }
      case 'HelmRelease': {
        // helm-controller: dependsOn first, then the source.
        const waiting = this.unreadyDependency(key, object);
        if (waiting) return waiting;
        const source = resolveReleaseSource(this.store, object);
        // helm-controller requeues a SourceNotReady release at its interval (the message quotes the source's state).
        if (source && !source.ready) return { outcome: source.outcome, waitOn: source.waitOn.map(refKey), retry: source.outcome.reason === 'SourceNotReady' };
        if (!source) return { outcome: override(), revision: sourceRevision(object), waitOn: [] };
        return { outcome: override(), revision: source.chartVersion, chartName: source.chartName, chartDigest: source.digest, waitOn: [] };
      }
      case 'ImagePolicy': {
        // image-reflector-controller: the referenced ImageRepository's scanned tags, then the policy.
        // It watches the repository, so a new scan (or its creation) re-evaluates the policy.
        const policy = resolveImagePolicy(this.store, object);
        if (!policy.ok) return { outcome: policy.outcome, waitOn: policy.waitOn.map(refKey), retry: policy.retry };
        return { outcome: override(), observed: { latestRef: policy.latestRef }, waitOn: policy.waitOn.map(refKey) };
      }
      case 'ArtifactGenerator': {
        const generator = resolveArtifactGenerator(this.store, object);
        if (!generator.ok) return { outcome: generator.outcome, waitOn: generator.waitOn.map(refKey) };
        return { outcome: override(), generated: generator.artifacts, observed: { observedSourcesDigest: generator.sourcesDigest }, waitOn: [] };
      }
      default: {
        const fetched = fetchSource(object, { store: this.store, network: this.network, commits: this.commits.get(key) ?? 0 });
        if (!fetched) return { outcome: override(), revision: sourceRevision(object, this.commits.get(key) ?? 0), waitOn: [] };
        if (!fetched.outcome.ready) {
          return { outcome: fetched.outcome, waitOn: fetched.waitOn.map(refKey), retry: fetched.retry, unreachableUrl: fetched.unreachableUrl };
        }
        return { outcome: override(), revision: fetched.revision, observed: fetched.observed, waitOn: [] };
      }
    }
  }

  /**
   * A Kustomization or HelmRelease that is already Ready=False for a missing artifact or an
   * unready dependency and would be again: kustomize-controller and helm-controller check these
   * before they mark an object as reconciling, so a retry that finds nothing new writes no
   * Progressing status (watchers see no churn every `--requeue-dependency`).
   */
  private stillWaiting(key: string, object: KubeObject): boolean {
    if (object.kind !== 'Kustomization' && object.kind !== 'HelmRelease') return false;
    const ready = findCondition(object, READY);
    if (ready?.status !== 'False') return false;
    const { outcome, requeueDependency } = this.resolve(key, object);
    return requeueDependency === true && !outcome.ready && outcome.reason === ready.reason && outcome.message === ready.message;
  }

  /**
   * A Kustomization's `postBuild` variables: those of `substituteFrom` ConfigMaps and Secrets in
   * order, then `substitute` (which wins). A missing, non-optional reference fails the build.
   */
  private postBuildVariables(object: KubeObject): { ok: true; variables: Record<string, string> | undefined } | { ok: false; failure: LocalBuild } {
    const postBuild = object.spec?.postBuild as { substitute?: Record<string, unknown>; substituteFrom?: Array<{ kind?: string; name?: string; optional?: boolean }> } | undefined;
    if (!postBuild) return { ok: true, variables: undefined };
    const variables: Record<string, string> = {};
    for (const reference of postBuild.substituteFrom ?? []) {
      const secret = reference.kind === 'Secret';
      const groupResource = secret ? SECRETS : '/configmaps';
      const found = this.store.get(groupResource, object.metadata.namespace, String(reference.name ?? ''));
      if (!found) {
        if (reference.optional === true) continue;
        const message = `substitute from '${reference.kind ?? ''}/${reference.name ?? ''}' error: ${notFoundMessage(groupResource, String(reference.name ?? ''))}`;
        return { ok: false, failure: { ok: false, reason: 'BuildFailed', message } };
      }
      for (const [name, value] of Object.entries((found.data ?? {}) as Record<string, string>)) {
        variables[name] = secret ? Buffer.from(value, 'base64').toString('utf8') : value;
      }
    }
    for (const [name, value] of Object.entries(postBuild.substitute ?? {})) variables[name] = String(value);
    return { ok: true, variables };
  }

  /** The directory a Kustomization's source URL is mapped to (`localSources`), if any. */
  private localSourceDirOf(object: KubeObject): string | undefined {
    if (object.kind !== 'Kustomization' || this.localSources.length === 0) return undefined;
    const ref = this.sourceOf(object);
    if (!ref || (ref.kind !== 'GitRepository' && ref.kind !== 'OCIRepository')) return undefined;
    return localSourceDir(this.localSources, this.store.get(ref.groupResource, ref.namespace, ref.name)?.spec?.url);
  }

  /**
   * The first `dependsOn` entry that is missing or not ready, as DependencyNotReady. Nothing
   * watches the dependency: the object is reconciled again after `--requeue-dependency`, as
   * kustomize-controller and helm-controller requeue it.
   */
  private unreadyDependency(key: string, object: KubeObject): Resolution | undefined {
    const groupResource = parseKey(key).groupResource;
    const namespace = object.metadata.namespace;
    const dependsOn = Array.isArray(object.spec?.dependsOn) ? (object.spec.dependsOn as ObjectRefSpec[]) : [];
    for (const dependency of dependsOn) {
      if (!dependency.name) continue;
      const dependencyNamespace = dependency.namespace ?? namespace;
      const found = this.store.get(groupResource, dependencyNamespace, dependency.name);
      if (found && isReadyForCurrentGeneration(found)) continue;
      const message = found
        ? `dependency '${dependencyNamespace}/${dependency.name}' is not ready`
        : `unable to get '${dependencyNamespace}/${dependency.name}' dependency: ${notFoundMessage(groupResource, dependency.name)}`;
      return { outcome: { ready: false, reason: 'DependencyNotReady', message }, waitOn: [], requeueDependency: true };
    }
    return undefined;
  }

  /** The source object a Kustomization, HelmRelease, HelmChart consumes. */
  private sourceOf(object: KubeObject): (FluxObjectRef & { kind: string }) | undefined {
    if (object.kind === 'HelmRelease') return releaseSourceRef(object);
    if (object.kind !== 'Kustomization' && object.kind !== 'HelmChart') return undefined;
    const ref = object.spec?.sourceRef as ObjectRefSpec | undefined;
    if (!ref?.kind || !ref.name) return undefined;
    const controller = fluxControllerForKind(ref.kind);
    if (!controller) return undefined;
    // A HelmChart's source is always in its own namespace.
    const namespace = object.kind === 'HelmChart' ? object.metadata.namespace : (ref.namespace ?? object.metadata.namespace);
    return { kind: ref.kind, groupResource: fluxGroupResource(controller.definition), namespace, name: ref.name };
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
      return { created: missing };
    }
    return { created: 0 };
  }

  /**
   * What Flux does when its object is deleted: a Kustomization with `prune: true` deletes the
   * workloads in its inventory (Deployments, Services, ConfigMaps; namespaces and Flux objects are
   * kept here), a HelmRelease uninstalls its release and deletes its HelmChart, an
   * ArtifactGenerator's ExternalArtifacts go with it (owner references).
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
    if (object.kind === 'HelmRelease' && object.spec?.suspend !== true) {
      if (object.status?.history) {
        for (const { groupResource, object: workload } of planHelmReleaseWorkloads(object)) {
          if (workload.kind !== 'Namespace') remove(groupResource, workload.metadata.namespace, workload.metadata.name);
        }
      }
      const chart = object.spec?.chart ? releaseSourceRef(object) : undefined;
      if (chart) remove(HELM_CHARTS, chart.namespace, chart.name);
    }
    if (object.kind === 'ArtifactGenerator') {
      const inventory = Array.isArray(object.status?.inventory) ? (object.status.inventory as GeneratedArtifactRef[]) : [];
      deleteGeneratedArtifacts(this.store, inventory);
    }
  }

  /** Re-reconciles the objects that consume `source`: Kustomizations, HelmReleases, HelmCharts and ArtifactGenerators. */
  private triggerConsumers(source: KubeObject): void {
    const isSource = (ref: (FluxObjectRef & { kind: string }) | undefined) =>
      ref?.kind === source.kind && ref.name === source.metadata.name && ref.namespace === source.metadata.namespace;
    for (const groupResource of CONSUMER_RESOURCES) {
      for (const consumer of this.store.list(groupResource).items) {
        const uses = consumer.kind === 'ArtifactGenerator' ? generatorInputs(consumer).some(isSource) : isSource(this.sourceOf(consumer));
        if (uses) this.consider(groupResource, consumer, true);
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
      if (resolution.logOnly !== undefined) {
        this.logger.reconcileLine(controller, after, 'info', resolution.logOnly, details.reconcileID);
        return;
      }
      if (outcome.reason === 'SourceNotReady') {
        // helm-controller only logs it: the source's own events tell why.
        this.logger.reconcileLine(controller, after, 'info', outcome.message, details.reconcileID);
        return;
      }
      const retryIn = goDurationOf(this.requeueDependencyMs);
      if (dependency && after.kind === 'HelmRelease') {
        // helm-controller: the event carries the error, the log line the retry.
        this.events.record(after, { type: 'Normal', reason: outcome.reason, message: outcome.message, component, annotations: revisionAnnotations });
        this.logger.reconcileLine(controller, after, 'info', `dependencies do not meet ready condition (${outcome.message}): retrying in ${retryIn}`, details.reconcileID);
        return;
      }
      if (dependency) {
        // kustomize-controller: an info event and log line naming the retry; the error is in the log's `err`.
        const message = `Dependencies do not meet ready condition, retrying in ${retryIn}`;
        this.events.record(after, { type: 'Normal', reason: outcome.reason, message, component, annotations: revisionAnnotations });
        this.logger.reconcileLine(controller, after, 'info', message, details.reconcileID, { err: outcome.message });
        return;
      }
      this.events.record(after, { type: 'Warning', reason: outcome.reason, message: outcome.message, component, annotations: revisionAnnotations });
      this.logger.reconcileLine(controller, after, 'error', 'Reconciler error', details.reconcileID, { error: outcome.message });
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
      case 'ArtifactGenerator': {
        for (const entry of (after.status?.inventory as GeneratedArtifactRef[] | undefined) ?? []) {
          const artifact = this.store.get(EXTERNAL_ARTIFACTS, entry.namespace, entry.name);
          this.logger.reconcileLine(controller, after, 'info', `ExternalArtifact/${entry.namespace}/${entry.name} reconciled with revision ${artifactRevision(artifact) ?? ''}`, details.reconcileID);
        }
        this.events.record(after, { type: 'Normal', reason: READY, message: readyMessage, component });
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
