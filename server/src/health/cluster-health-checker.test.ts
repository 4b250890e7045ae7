import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { EventBus } from '../events/index.js';
import type { ClusterRow, ClustersRepo } from '../store/index.js';
import { ClusterHealthChecker } from './cluster-health-checker.js';
import type { ClusterHealthReport } from './cluster-health-probe.js';
import type { ClusterProber } from './cluster-prober.js';
import { validateKubeconfig, type ClustersService } from '../clusters/index.js';
import { ClusterConnections, type AuthStrategy } from '../connections/index.js';

const kubeconfig = (() => {
  const result = validateKubeconfig(
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'c',
      clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:6443' } }],
      users: [{ name: 'u', user: { token: 'token-1' } }],
      contexts: [{ name: 'c', context: { cluster: 'c', user: 'u' } }],
    }),
    undefined,
    { execAllowlist: [] },
  );
  if (!result.ok) throw new Error('test kubeconfig is invalid');
  return result.normalized;
})();

const row = (id: string, azureSubscriptionId: string) =>
  ({ id, updated_at: '2026-11-29T00:00:00.000Z', azure_subscription_id: azureSubscriptionId, kubeconfig_sealed: `sealed-${id}` }) as ClusterRow;
const healthy: ClusterHealthReport = { status: 'healthy', reason: '', latencyMs: 1, kubernetesVersion: 'v1.31.0', fluxVersion: 'v2.4.0', checkedAt: new Date() };

/** A prober whose probes finish when the test says so, and which records dropped connections. */
class HeldProber implements ClusterProber {
  readonly forgotten: string[] = [];
  private readonly held: Array<() => void> = [];
  probe(): Promise<ClusterHealthReport> {
    return new Promise((resolve) => this.held.push(() => resolve(healthy)));
  }
  get inFlight(): number {
    return this.held.length;
  }
  releaseAll(): void {
    for (const release of this.held.splice(0)) release();
  }
  forget(key: string): void {
    this.forgotten.push(key);
  }
  async ready(): Promise<void> {}
  async close(): Promise<void> {}
}

function checkerWith(prober: ClusterProber, ids: string[], options: { subscriptionOf?: (id: string) => string; authStrategy?: AuthStrategy } = {}) {
  const events = new EventBus();
  const rows = new Map(ids.map((id) => [id, row(id, options.subscriptionOf?.(id) ?? 'sub-x')]));
  const repo = { findById: async (id: string) => rows.get(id), recordHealth: async () => ({ previousStatus: null }) } as unknown as ClustersRepo;
  const connections = new ClusterConnections({
    repo,
    clusters: { openKubeconfigOf: () => kubeconfig } as unknown as ClustersService,
    events,
    logger: pino({ level: 'silent' }),
    execAllowlist: [],
    authStrategies: [options.authStrategy ?? { name: 'none', providerFor: async () => undefined }],
  });
  connections.start();
  const checker = new ClusterHealthChecker({ repo, connections, events, logger: pino({ level: 'silent' }), intervalSeconds: 0, concurrency: 4, timeoutSeconds: 5, prober });
  return { checker, connections, events, close: async () => (await checker.stop(), connections.stop()) };
}

describe('ClusterHealthChecker first checks', () => {
  it('says when no cluster waits for a slot for its first check; running checks and later ones do not hold it', async () => {
    const prober = new HeldProber();
    const { checker, close } = checkerWith(prober, ['a', 'b', 'c', 'd', 'e', 'f']);
    await checker.firstChecksStarted();
    let started = false;
    // Concurrency 4: two of six wait for a slot.
    const checks = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => checker.check(id));
    const gate = checker.firstChecksStarted().then(() => (started = true));
    await expect.poll(() => prober.inFlight).toBe(4);
    expect(started).toBe(false);
    prober.releaseAll();
    await gate;
    // e and f are running now, and that is enough.
    await expect.poll(() => prober.inFlight).toBe(2);
    // A second check of a cluster already checked is not a first check.
    const again = checker.check('a');
    await checker.firstChecksStarted();
    prober.releaseAll();
    await expect.poll(() => prober.inFlight).toBe(1);
    prober.releaseAll();
    await Promise.all([...checks, again]);
    await close();
  });
});

describe('ClusterHealthChecker when an Azure subscription changes', () => {
  it('keeps probes in flight and only renews the credentials of that subscription’s clusters', async () => {
    const prober = new HeldProber();
    const credentialRequests: string[] = [];
    const recording: AuthStrategy = { name: 'recording', providerFor: async (clusterRow) => void credentialRequests.push(clusterRow.id) };
    const { checker, connections, events, close } = checkerWith(prober, ['a', 'b'], { subscriptionOf: (id) => (id === 'a' ? 'sub-x' : 'sub-y'), authStrategy: recording });
    checker.start();
    const connectionOfA = await connections.get('a');

    const first = [checker.check('a'), checker.check('b')];
    await expect.poll(() => prober.inFlight).toBe(2);
    // e.g. another subscription being added, or sub-x's secret rotated, while both probes run
    events.publish({ type: 'azure.subscription.changed', subscriptionId: 'SUB-X' });
    prober.releaseAll();
    expect((await Promise.all(first)).map((health) => health?.status)).toEqual(['healthy', 'healthy']);
    expect(prober.forgotten).toEqual([]);

    const second = [checker.check('a'), checker.check('b')];
    await expect.poll(() => prober.inFlight).toBe(2);
    prober.releaseAll();
    await Promise.all(second);
    // a: once at first, once when sub-x changed; b: once. The connection itself was kept.
    expect(credentialRequests.sort()).toEqual(['a', 'a', 'b']);
    expect(await connections.get('a')).toBe(connectionOfA);
    await close();
  });
});
