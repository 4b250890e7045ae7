import pLimit from 'p-limit';
import type { Logger } from 'pino';
import type { EventBus } from '../events/index.js';
import type { ClustersRepo } from '../store/index.js';
import type { ClusterHealth } from '../clusters/index.js';
import { CredentialError, type ClusterConnection, type ClusterConnections, type ClusterCredential } from '../connections/index.js';
import type { ClusterHealthReport } from './cluster-health-probe.js';
import { SharedConnectionProber, type ClusterProber } from './cluster-prober.js';

export interface ClusterHealthCheckerOptions {
  repo: ClustersRepo;
  connections: ClusterConnections;
  events: EventBus;
  logger: Logger;
  intervalSeconds: number;
  concurrency: number;
  timeoutSeconds: number;
  /** Where probes run (default: on this thread). */
  prober?: ClusterProber;
  /**
   * Whether this process checks the cluster on schedule (replicas: only the one watching it, so
   * each cluster is checked once across replicas). Default: every cluster.
   */
  owns?: (clusterId: string) => boolean;
}

/**
 * Checks every cluster in the background. Each check has its own deadline and at most
 * `concurrency` run at once; a cluster whose check is still running is skipped, not queued
 * again, so one slow cluster never delays the rest. Endpoints and credentials come from the
 * cluster's connection; probes on a worker thread keep their own socket per cluster (sockets
 * cannot cross threads), keyed by the connection's fingerprint so it is rebuilt with it.
 */
export class ClusterHealthChecker {
  private readonly limit;
  private readonly inFlight = new Map<string, Promise<ClusterHealth | null>>();
  /** The prober key each cluster was last probed under (cluster id @ connection fingerprint). */
  private readonly probeKeys = new Map<string, string>();
  private readonly prober: ClusterProber;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private stopped = false;
  /** Clusters checked (or being checked) by this process, and those whose first check waits for a slot. */
  private readonly checkedOnce = new Set<string>();
  private readonly firstPending = new Set<string>();
  private firstWaiters: Array<() => void> = [];

  constructor(private readonly options: ClusterHealthCheckerOptions) {
    this.limit = pLimit(options.concurrency);
    this.prober = options.prober ?? new SharedConnectionProber();
  }

  start(): void {
    this.unsubscribe = this.options.events.subscribe((event) => {
      if (event.type === 'cluster.deleted') this.forget(event.clusterId);
      if ((event.type === 'cluster.created' || event.type === 'cluster.updated') && this.owns(event.clusterId)) this.requestCheck(event.clusterId);
    });
    if (this.options.intervalSeconds > 0) {
      void this.checkAll();
      this.timer = setInterval(() => void this.checkAll(), this.options.intervalSeconds * 1000);
      this.timer.unref();
    }
  }

  /** Resolves when checks can run at full speed (the prober's threads have started). */
  ready(): Promise<void> {
    return this.prober.ready();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    this.limit.clearQueue();
    // Queued checks that were dropped never settle: nobody may wait for them.
    this.firstPending.clear();
    for (const resolve of this.firstWaiters.splice(0)) resolve();
    await Promise.allSettled([...this.inFlight.values()]);
    for (const id of [...this.probeKeys.keys()]) this.forget(id);
    await this.prober.close();
  }

  /** Starts a check of every cluster not already being checked. */
  async checkAll(): Promise<void> {
    const rows = await this.options.repo.list().catch((error: unknown) => {
      this.options.logger.error({ err: error }, 'health checker could not list clusters');
      return [];
    });
    await Promise.allSettled(rows.filter((row) => this.owns(row.id)).map((row) => this.check(row.id)));
  }

  private owns(clusterId: string): boolean {
    return this.options.owns?.(clusterId) ?? true;
  }

  /**
   * Starts a check nobody waits for. A failure (the database went away while storing the result)
   * is logged: an unhandled rejection would end the process.
   */
  requestCheck(clusterId: string): void {
    this.check(clusterId).catch((error: unknown) => this.options.logger.warn({ clusterId, err: error }, 'health check could not be stored'));
  }

  /** Checks one cluster now (joining a check already running) and stores the result. */
  check(clusterId: string): Promise<ClusterHealth | null> {
    const running = this.inFlight.get(clusterId);
    if (running) return running;
    if (!this.checkedOnce.has(clusterId)) this.firstPending.add(clusterId);
    const run = this.limit(() => {
      this.checkedOnce.add(clusterId);
      this.settleFirst(clusterId);
      return this.runCheck(clusterId);
    }).finally(() => this.inFlight.delete(clusterId));
    this.inFlight.set(clusterId, run);
    return run;
  }

  /**
   * Resolves when no cluster's first check (since this process started) waits for a slot. The
   * fleet engine starts newly registered clusters' Flux syncs after that: whether a batch of new
   * clusters answers at all is known in seconds, instead of after all of their Flux objects were
   * listed. Checks already running do not hold it (one cluster that times out must not).
   */
  firstChecksStarted(): Promise<void> {
    if (this.firstPending.size === 0) return Promise.resolve();
    return new Promise<void>((resolve) => this.firstWaiters.push(resolve));
  }

  private settleFirst(clusterId: string): void {
    if (!this.firstPending.delete(clusterId) || this.firstPending.size > 0) return;
    const waiters = this.firstWaiters;
    this.firstWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private async runCheck(clusterId: string): Promise<ClusterHealth | null> {
    if (this.stopped) return null;
    let client: ClusterConnection;
    try {
      client = await this.options.connections.get(clusterId);
    } catch (error) {
      this.options.logger.warn({ clusterId, err: error }, 'cluster vanished or its kubeconfig cannot be read');
      return null;
    }
    const timeoutMs = this.options.timeoutSeconds * 1000;
    const key = `${clusterId}@${client.identity.fingerprint}`;
    const previousKey = this.probeKeys.get(clusterId);
    if (previousKey !== key) {
      if (previousKey) this.prober.forget(previousKey);
      this.probeKeys.set(clusterId, key);
    }
    const credential = await this.credentialOf(client);
    if ('report' in credential) return this.record(clusterId, credential.report);
    let report = await this.prober.probe(key, client, credential.value, timeoutMs).catch((error: unknown) => failedProbe(error));
    if (report.rejectedCredentials) {
      // A cached token may have been revoked early: drop it and try once more with a new one.
      client.credentials.invalidate();
      const renewed = await this.credentialOf(client);
      if ('value' in renewed && !sameCredential(renewed.value, credential.value)) {
        report = await this.prober.probe(key, client, renewed.value, timeoutMs).catch((error: unknown) => failedProbe(error));
      }
    }
    return this.record(clusterId, report);
  }

  private async record(clusterId: string, report: ClusterHealthReport): Promise<ClusterHealth | null> {
    const health: ClusterHealth = {
      status: report.status,
      reason: report.reason,
      latency_ms: report.latencyMs,
      kubernetes_version: report.kubernetesVersion,
      flux_version: report.fluxVersion,
      checked_at: report.checkedAt.toISOString(),
    };
    const stored = await this.options.repo.recordHealth({ cluster_id: clusterId, ...health });
    if (!stored) return null;
    if (stored.previousStatus !== health.status) {
      this.options.logger.info({ clusterId, status: health.status, reason: health.reason }, 'cluster health changed');
    }
    this.options.events.publish({ type: 'cluster.health', clusterId, status: health.status, previousStatus: stored.previousStatus });
    return health;
  }

  /** The credential to probe with, or the report that says why there is none. */
  private async credentialOf(client: ClusterConnection): Promise<{ value: ClusterCredential } | { report: ClusterHealthReport }> {
    try {
      return { value: await client.credentials.getCredential() };
    } catch (error) {
      const reason = error instanceof CredentialError ? error.message : `could not get credentials: ${(error as Error).message}`;
      return { report: { status: 'unauthorized', reason, latencyMs: null, kubernetesVersion: null, fluxVersion: null, checkedAt: new Date() } };
    }
  }

  private forget(clusterId: string): void {
    this.checkedOnce.delete(clusterId);
    const key = this.probeKeys.get(clusterId);
    if (key) this.prober.forget(key);
    this.probeKeys.delete(clusterId);
  }
}

function failedProbe(error: unknown): ClusterHealthReport {
  return { status: 'unreachable', reason: `health probe failed: ${(error as Error).message}`, latencyMs: null, kubernetesVersion: null, fluxVersion: null, checkedAt: new Date() };
}

function sameCredential(a: ClusterCredential, b: ClusterCredential): boolean {
  if (a.type === 'bearer-token' && b.type === 'bearer-token') return a.token === b.token;
  if (a.type === 'client-certificate' && b.type === 'client-certificate') return a.certificatePem === b.certificatePem;
  return a.type === b.type;
}
