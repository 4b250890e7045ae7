import { probeClusterHealth, type ClusterHealthReport } from './cluster-health-probe.js';
import { ClusterConnection, StaticCredentialProvider, type ClusterCredential } from '../connections/index.js';

/**
 * Runs health probes. `key` identifies a cluster's connection (cluster id @ fingerprint: it
 * changes with the kubeconfig), for probers that keep connections of their own.
 */
export interface ClusterProber {
  probe(key: string, connection: ClusterConnection, credential: ClusterCredential, timeoutMs: number): Promise<ClusterHealthReport>;
  /** Closes the cluster's own connection, if the prober keeps one (deleted, changed, or just failed). */
  forget(key: string): void;
  /** Resolves when probes can start without a warm-up (e.g. worker threads have loaded). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The default: probes on the main thread over the cluster's shared connection, the HTTP/2
 * connection its watches already use, so a health check costs a few streams and no handshake.
 */
export class SharedConnectionProber implements ClusterProber {
  probe(_key: string, connection: ClusterConnection, _credential: ClusterCredential, timeoutMs: number): Promise<ClusterHealthReport> {
    return probeClusterHealth(connection, timeoutMs);
  }

  forget(): void {}

  async ready(): Promise<void> {}

  async close(): Promise<void> {}
}

/**
 * Connections of their own for probes on a worker thread (which cannot share the main thread's
 * sockets), one per key, with the credential the main thread sent.
 */
export class ProbeConnections {
  private readonly connections = new Map<string, ClusterConnection>();

  async probe(key: string, endpoint: ClusterConnection['endpoint'], credential: ClusterCredential, timeoutMs: number): Promise<ClusterHealthReport> {
    let connection = this.connections.get(key);
    if (!connection) {
      connection = new ClusterConnection({ clusterId: key, fingerprint: key, azureSubscriptionId: null }, endpoint, new StaticCredentialProvider(credential));
      this.connections.set(key, connection);
    }
    // A refreshed token replaces the provider only; a new client certificate also renews the transport.
    connection.credentials = new StaticCredentialProvider(credential);
    const report = await probeClusterHealth(connection, timeoutMs);
    // After a failure the next probe starts on a new connection.
    if (report.status === 'unreachable') this.forget(key);
    return report;
  }

  forget(key: string): void {
    this.connections.get(key)?.close();
    this.connections.delete(key);
  }

  clear(): void {
    for (const key of [...this.connections.keys()]) this.forget(key);
  }
}
