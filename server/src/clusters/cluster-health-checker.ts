import pLimit from 'p-limit';
import type { Logger } from 'pino';
import type { EventBus } from '../events/index.js';
import type { ClusterRow, ClustersRepo } from '../store/index.js';
import type { ClusterHealth } from './clusters.schemas.js';
import type { ClustersService } from './clusters.service.js';
import type { ClusterHealthReport } from './cluster-health-probe.js';
import { InlineClusterProber, type ClusterProber } from './cluster-prober.js';
import { CredentialError, credentialProviderFor, type ClusterCredential, type CredentialProvider } from './credentials/index.js';
import { resolveStoredKubeconfig, type ResolvedKubeconfig } from './kubeconfig-validator.js';
import type { ClusterEndpoint } from './kube-client-factory.js';

export interface ClusterHealthCheckerOptions {
  service: ClustersService;
  repo: ClustersRepo;
  events: EventBus;
  logger: Logger;
  intervalSeconds: number;
  concurrency: number;
  timeoutSeconds: number;
  execAllowlist: readonly string[];
  /**
   * Supplies the credential provider for clusters whose auth comes from elsewhere (e.g. Azure
   * Entra tokens for synced AKS clusters); undefined means "use the stored kubeconfig's auth".
   */
  credentialsFor?: (row: ClusterRow, kubeconfig: string, resolved: ResolvedKubeconfig) => Promise<CredentialProvider | undefined>;
  /** Where probes run (default: on this thread). */
  prober?: ClusterProber;
}

interface CachedClient {
  version: string;
  endpoint: ClusterEndpoint;
  credentials: CredentialProvider;
  /** Set for clusters synced from Azure: their credentials come from that subscription. */
  azureSubscriptionId: string | null;
}

/**
 * Checks every cluster in the background. Each check has its own deadline and at most
 * `concurrency` run at once; a cluster whose check is still running is skipped, not queued
 * again, so one slow cluster never delays the rest.
 */
export class ClusterHealthChecker {
  private readonly limit;
  private readonly inFlight = new Map<string, Promise<ClusterHealth | null>>();
  private readonly clients = new Map<string, CachedClient>();
  private readonly prober: ClusterProber;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private stopped = false;

  constructor(private readonly options: ClusterHealthCheckerOptions) {
    this.limit = pLimit(options.concurrency);
    this.prober = options.prober ?? new InlineClusterProber();
  }

  start(): void {
    this.unsubscribe = this.options.events.subscribe((event) => {
      if (event.type === 'cluster.deleted') this.forget(event.clusterId);
      if (event.type === 'cluster.created' || event.type === 'cluster.updated') void this.check(event.clusterId);
      if (event.type === 'azure.subscription.changed') this.dropCredentialsOf(event.subscriptionId);
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
    await Promise.allSettled([...this.inFlight.values()]);
    for (const id of [...this.clients.keys()]) this.forget(id);
    await this.prober.close();
  }

  /** Starts a check of every cluster not already being checked. */
  async checkAll(): Promise<void> {
    const rows = await this.options.repo.list().catch((error: unknown) => {
      this.options.logger.error({ err: error }, 'health checker could not list clusters');
      return [];
    });
    await Promise.allSettled(rows.map((row) => this.check(row.id)));
  }

  /** Checks one cluster now (joining a check already running) and stores the result. */
  check(clusterId: string): Promise<ClusterHealth | null> {
    const running = this.inFlight.get(clusterId);
    if (running) return running;
    const run = this.limit(() => this.runCheck(clusterId)).finally(() => this.inFlight.delete(clusterId));
    this.inFlight.set(clusterId, run);
    return run;
  }

  private async runCheck(clusterId: string): Promise<ClusterHealth | null> {
    if (this.stopped) return null;
    let client: CachedClient;
    try {
      client = await this.clientFor(clusterId);
    } catch (error) {
      this.options.logger.warn({ clusterId, err: error }, 'cluster vanished or its kubeconfig cannot be read');
      return null;
    }
    const timeoutMs = this.options.timeoutSeconds * 1000;
    const key = `${clusterId}@${client.version}`;
    const credential = await this.credentialOf(client);
    if ('report' in credential) return this.record(clusterId, credential.report);
    let report = await this.prober.probe(key, client.endpoint, credential.value, timeoutMs).catch((error: unknown) => failedProbe(error));
    if (report.rejectedCredentials) {
      // A cached token may have been revoked early: drop it and try once more with a new one.
      client.credentials.invalidate();
      const renewed = await this.credentialOf(client);
      if ('value' in renewed && !sameCredential(renewed.value, credential.value)) {
        report = await this.prober.probe(key, client.endpoint, renewed.value, timeoutMs).catch((error: unknown) => failedProbe(error));
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
  private async credentialOf(client: CachedClient): Promise<{ value: ClusterCredential } | { report: ClusterHealthReport }> {
    try {
      return { value: await client.credentials.getCredential() };
    } catch (error) {
      const reason = error instanceof CredentialError ? error.message : `could not get credentials: ${(error as Error).message}`;
      return { report: { status: 'unauthorized', reason, latencyMs: null, kubernetesVersion: null, fluxVersion: null, checkedAt: new Date() } };
    }
  }

  private forget(clusterId: string): void {
    const client = this.clients.get(clusterId);
    if (client) this.prober.forget(`${clusterId}@${client.version}`);
    this.clients.delete(clusterId);
  }

  /**
   * A subscription's settings changed (credentials, say): its clusters get new credential
   * providers at their next check. Their connections stay: TLS settings come from the cluster's
   * kubeconfig, not the subscription, and a probe may be using one right now.
   */
  private dropCredentialsOf(subscriptionId: string): void {
    for (const [clusterId, client] of this.clients) {
      if (client.azureSubscriptionId?.toLowerCase() === subscriptionId.toLowerCase()) this.clients.delete(clusterId);
    }
  }

  /** Credential providers are kept per cluster (token caches live in them) until it changes. */
  private async clientFor(clusterId: string): Promise<CachedClient> {
    const row = await this.options.repo.findById(clusterId);
    if (!row) throw new Error(`cluster ${clusterId} no longer exists`);
    const cached = this.clients.get(clusterId);
    if (cached && cached.version === row.updated_at) return cached;
    const kubeconfig = this.options.service.openKubeconfigOf(row);
    if (cached) this.prober.forget(`${clusterId}@${cached.version}`);
    const resolved = resolveStoredKubeconfig(kubeconfig);
    const client: CachedClient = {
      version: row.updated_at,
      azureSubscriptionId: row.azure_subscription_id,
      endpoint: { server: resolved.server, caData: resolved.caData, insecureSkipTlsVerify: resolved.insecureSkipTlsVerify, tlsServerName: resolved.tlsServerName },
      credentials:
        (await this.options.credentialsFor?.(row, kubeconfig, resolved)) ?? credentialProviderFor(resolved, { execAllowlist: this.options.execAllowlist }),
    };
    this.clients.set(clusterId, client);
    return client;
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
