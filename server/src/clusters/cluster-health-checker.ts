import type { Agent } from 'node:https';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import type { EventBus } from '../events/index.js';
import type { ClusterRow, ClustersRepo } from '../store/index.js';
import type { ClusterHealth } from './clusters.schemas.js';
import type { ClustersService } from './clusters.service.js';
import { probeClusterHealth, type ClusterHealthReport } from './cluster-health-probe.js';
import { credentialProviderFor, type CredentialProvider } from './credentials/index.js';
import { resolveStoredKubeconfig, type ResolvedKubeconfig } from './kubeconfig-validator.js';
import { createClusterAgent, type ClusterEndpoint } from './kube-client-factory.js';

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
}

interface CachedClient {
  version: string;
  endpoint: ClusterEndpoint;
  credentials: CredentialProvider;
  /** Keep-alive agent, rebuilt when a client certificate changes (tokens travel in headers). */
  agent?: { agent: Agent; certificate: string | undefined };
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
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private stopped = false;

  constructor(private readonly options: ClusterHealthCheckerOptions) {
    this.limit = pLimit(options.concurrency);
  }

  start(): void {
    this.unsubscribe = this.options.events.subscribe((event) => {
      if (event.type === 'cluster.deleted') this.forget(event.clusterId);
      if (event.type === 'cluster.created' || event.type === 'cluster.updated') void this.check(event.clusterId);
      // A subscription's credentials changed: every client built from them must be rebuilt.
      if (event.type === 'azure.subscription.changed') for (const id of [...this.clients.keys()]) this.forget(id);
    });
    if (this.options.intervalSeconds > 0) {
      void this.checkAll();
      this.timer = setInterval(() => void this.checkAll(), this.options.intervalSeconds * 1000);
      this.timer.unref();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    this.limit.clearQueue();
    await Promise.allSettled([...this.inFlight.values()]);
    for (const id of [...this.clients.keys()]) this.forget(id);
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
    const report = await probeClusterHealth(client.endpoint, client.credentials, this.options.timeoutSeconds * 1000, (credential, fresh) => {
      const certificate = credential.type === 'client-certificate' ? credential.certificatePem : undefined;
      if (fresh || !client.agent || client.agent.certificate !== certificate) {
        client.agent?.agent.destroy();
        client.agent = { agent: createClusterAgent(client.endpoint, credential), certificate };
      }
      return client.agent.agent;
    });
    // Start the next check on a new connection after a failure (TLS or network may have changed).
    if (report.status === 'unreachable' && client.agent) {
      client.agent.agent.destroy();
      client.agent = undefined;
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

  private forget(clusterId: string): void {
    this.clients.get(clusterId)?.agent?.agent.destroy();
    this.clients.delete(clusterId);
  }

  /** Credential providers are kept per cluster (token caches live in them) until it changes. */
  private async clientFor(clusterId: string): Promise<CachedClient> {
    const row = await this.options.repo.findById(clusterId);
    if (!row) throw new Error(`cluster ${clusterId} no longer exists`);
    const cached = this.clients.get(clusterId);
    if (cached && cached.version === row.updated_at) return cached;
    const kubeconfig = this.options.service.openKubeconfigOf(row);
    cached?.agent?.agent.destroy();
    const resolved = resolveStoredKubeconfig(kubeconfig);
    const client: CachedClient = {
      version: row.updated_at,
      endpoint: { server: resolved.server, caData: resolved.caData, insecureSkipTlsVerify: resolved.insecureSkipTlsVerify, tlsServerName: resolved.tlsServerName },
      credentials:
        (await this.options.credentialsFor?.(row, kubeconfig, resolved)) ?? credentialProviderFor(resolved, { execAllowlist: this.options.execAllowlist }),
    };
    this.clients.set(clusterId, client);
    return client;
  }
}
