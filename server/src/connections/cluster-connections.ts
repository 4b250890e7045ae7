import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { EventBus } from '../events/index.js';
import type { ClusterRow, ClustersRepo } from '../store/index.js';
import { isIP, type LookupFunction } from 'node:net';
import { resolveStoredKubeconfig, type ClustersService, type EndpointPolicy } from '../clusters/index.js';
import type { AuthStrategy } from './auth-strategy.js';
import { ClusterConnection } from './cluster-connection.js';
import { credentialProviderFor } from './credentials/index.js';

export interface ClusterConnectionsOptions {
  repo: ClustersRepo;
  clusters: ClustersService;
  events: EventBus;
  logger: Logger;
  execAllowlist: readonly string[];
  /** Asked in order before the kubeconfig's own auth (e.g. Azure Entra tokens for AKS clusters). */
  authStrategies?: readonly AuthStrategy[];
  /**
   * Checked on every connection, not only when a kubeconfig is saved: a name may resolve
   * elsewhere later, and the operator may have tightened the policy since.
   */
  endpointPolicy?: EndpointPolicy;
}

/**
 * The one owner of cluster connections. Health checks, watches, reads and actions all ask here,
 * so a cluster has one endpoint, one credential provider (one token cache) and one agent. A
 * connection is rebuilt only when the cluster's kubeconfig or credential source changes (not on
 * a rename or a label edit); a changed Azure subscription only swaps the credential provider.
 */
export class ClusterConnections {
  private readonly connections = new Map<string, ClusterConnection>();
  /** One build per cluster at a time (many watches may ask at once after a restart). */
  private readonly building = new Map<string, Promise<ClusterConnection>>();
  private readonly listeners = new Set<(clusterId: string) => void>();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: ClusterConnectionsOptions) {}

  start(): void {
    this.unsubscribe = this.options.events.subscribe((event) => {
      if (event.type === 'cluster.deleted') this.close(event.clusterId);
      if (event.type === 'azure.subscription.changed') void this.renewCredentialsOf(event.subscriptionId);
    });
  }

  stop(): void {
    this.unsubscribe?.();
    for (const id of [...this.connections.keys()]) this.close(id);
  }

  /** Called with a cluster id whenever its connection was replaced or closed. */
  onChange(listener: (clusterId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The cluster's connection, current with its stored row. Throws when the cluster is gone or its
   * kubeconfig cannot be read.
   */
  async get(clusterId: string): Promise<ClusterConnection> {
    const row = await this.options.repo.findById(clusterId);
    if (!row) {
      this.close(clusterId);
      throw new Error(`cluster ${clusterId} no longer exists`);
    }
    return this.forRow(row);
  }

  /** As get(), for a row just read (saves a read on hot paths). */
  async forRow(row: ClusterRow): Promise<ClusterConnection> {
    const fingerprint = fingerprintOf(row);
    const current = this.connections.get(row.id);
    if (current && current.identity.fingerprint === fingerprint) return current;
    const pending = this.building.get(row.id);
    if (pending) return pending;
    const build = this.build(row, fingerprint).finally(() => this.building.delete(row.id));
    this.building.set(row.id, build);
    return build;
  }

  /** The connection if one is open (no database read). */
  peek(clusterId: string): ClusterConnection | undefined {
    return this.connections.get(clusterId);
  }

  /** The endpoint policy's say on a server: a guarded lookup for a name, the refusal of a denied address. */
  private guardFor(clusterName: string, server: string): { lookup?: LookupFunction; refusal?: string } {
    const policy = this.options.endpointPolicy;
    if (!policy) return {};
    const what = `cluster "${clusterName}" server`;
    let host: string;
    try {
      host = new URL(server).hostname.replace(/^\[|\]$/g, '');
    } catch {
      return {};
    }
    if (!isIP(host)) return { lookup: policy.connectLookup(what) };
    const refusal = policy.addressProblem(host, undefined, what);
    return refusal ? { refusal } : {};
  }

  private async build(row: ClusterRow, fingerprint: string): Promise<ClusterConnection> {
    const kubeconfig = this.options.clusters.openKubeconfigOf(row);
    const resolved = resolveStoredKubeconfig(kubeconfig);
    const credentials = await this.providerFor(row, kubeconfig);
    const connection = new ClusterConnection(
      { clusterId: row.id, fingerprint, azureSubscriptionId: row.azure_subscription_id },
      { server: resolved.server, caData: resolved.caData, insecureSkipTlsVerify: resolved.insecureSkipTlsVerify, tlsServerName: resolved.tlsServerName, ...this.guardFor(row.name, resolved.server) },
      credentials,
    );
    const previous = this.connections.get(row.id);
    this.connections.set(row.id, connection);
    if (previous) {
      previous.close();
      this.notify(row.id);
    }
    return connection;
  }

  private async providerFor(row: ClusterRow, kubeconfig: string) {
    const resolved = resolveStoredKubeconfig(kubeconfig);
    for (const strategy of this.options.authStrategies ?? []) {
      const provider = await strategy.providerFor(row, kubeconfig, resolved);
      if (provider) return provider;
    }
    return credentialProviderFor(resolved, { execAllowlist: this.options.execAllowlist });
  }

  /**
   * A subscription's settings changed (a rotated secret, another auth mode): its clusters get new
   * credential providers. Endpoints and sockets stay: TLS settings come from the kubeconfig.
   */
  private async renewCredentialsOf(subscriptionId: string): Promise<void> {
    for (const connection of [...this.connections.values()]) {
      if (connection.identity.azureSubscriptionId?.toLowerCase() !== subscriptionId.toLowerCase()) continue;
      try {
        const row = await this.options.repo.findById(connection.clusterId);
        if (!row) continue;
        connection.credentials = await this.providerFor(row, this.options.clusters.openKubeconfigOf(row));
        this.notify(connection.clusterId);
      } catch (error) {
        this.options.logger.warn({ clusterId: connection.clusterId, err: error }, 'could not renew the credentials of a cluster');
      }
    }
  }

  private close(clusterId: string): void {
    const connection = this.connections.get(clusterId);
    if (!connection) return;
    this.connections.delete(clusterId);
    connection.close();
    this.notify(clusterId);
  }

  private notify(clusterId: string): void {
    for (const listener of this.listeners) listener(clusterId);
  }
}

/** Endpoint and credential source: the sealed kubeconfig (changes with its content) and the subscription link. */
function fingerprintOf(row: ClusterRow): string {
  return createHash('sha256').update(row.kubeconfig_sealed).update('\0').update(row.azure_subscription_id ?? '').digest('base64url').slice(0, 16);
}
