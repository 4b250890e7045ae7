import type { Agent } from 'node:https';
import { probeClusterHealth, type ClusterHealthReport } from './cluster-health-probe.js';
import type { ClusterCredential } from '../connections/index.js';
import { createClusterAgent, type ClusterEndpoint } from '../connections/index.js';

/**
 * Runs health probes and keeps one keep-alive connection per cluster between them. `key`
 * identifies a cluster's connection (rebuilt when the key changes, e.g. a new kubeconfig).
 */
export interface ClusterProber {
  probe(key: string, endpoint: ClusterEndpoint, credential: ClusterCredential, timeoutMs: number): Promise<ClusterHealthReport>;
  /** Closes the cluster's connection (deleted, changed, or just failed). */
  forget(key: string): void;
  /** Resolves when probes can start without a warm-up (e.g. worker threads have loaded). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** The agents of the clusters one thread probes, rebuilt when a client certificate changes. */
export class ClusterAgents {
  private readonly agents = new Map<string, { agent: Agent; certificate: string | undefined }>();

  agentFor(key: string, endpoint: ClusterEndpoint, credential: ClusterCredential, fresh: boolean): Agent {
    const certificate = credential.type === 'client-certificate' ? credential.certificatePem : undefined;
    const current = this.agents.get(key);
    if (current && !fresh && current.certificate === certificate) return current.agent;
    current?.agent.destroy();
    const agent = createClusterAgent(endpoint, credential);
    this.agents.set(key, { agent, certificate });
    return agent;
  }

  forget(key: string): void {
    this.agents.get(key)?.agent.destroy();
    this.agents.delete(key);
  }

  clear(): void {
    for (const key of [...this.agents.keys()]) this.forget(key);
  }

  /** Probes on the cluster's kept-alive connection; after a failure the next probe starts afresh. */
  async probe(key: string, endpoint: ClusterEndpoint, credential: ClusterCredential, timeoutMs: number): Promise<ClusterHealthReport> {
    const report = await probeClusterHealth(endpoint, credential, timeoutMs, (c, fresh) => this.agentFor(key, endpoint, c, fresh));
    if (report.status === 'unreachable') this.forget(key);
    return report;
  }
}

/** Probes on the main thread. */
export class InlineClusterProber implements ClusterProber {
  private readonly agents = new ClusterAgents();

  probe(key: string, endpoint: ClusterEndpoint, credential: ClusterCredential, timeoutMs: number): Promise<ClusterHealthReport> {
    return this.agents.probe(key, endpoint, credential, timeoutMs);
  }

  forget(key: string): void {
    this.agents.forget(key);
  }

  async ready(): Promise<void> {}

  async close(): Promise<void> {
    this.agents.clear();
  }
}
