import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKubeconfig, startFleet, TokenRejectedError, type FleetClusterOptions, type SimCluster, type SimFleet } from '@flux-orchestrator/sim';
import {
  clusterContent,
  createReadyKustomization,
  deleteObject,
  groupResourceOf,
  indexedItem,
  indexedItems,
  pickObject,
  readyStatusOf,
  registerCluster,
  setReady,
  syncStatus,
  waitForInSync,
  waitForSettledWatches,
  type SyncStatus,
} from '../support/fleet-fixtures.js';
import { sharedTestCa } from '../support/shared-ca.js';
import { SseClient } from '../support/sse-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitUntil } from '../support/wait-until.js';

/**
 * Fault injection against the fleet engine: each fault hits one simulated cluster while a
 * bystander cluster keeps changing. Every time, the engine must recover by itself, the bystander
 * must stay live, and the faulty cluster's objects must be marked `stale` for as long as its
 * kinds are not watched (never shown fresh while they are not).
 */
describe('fleet engine under faults', () => {
  let fleet: SimFleet;
  let t: TestServer;
  let bystander: SimCluster;
  let bystanderId: string;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fo-faults-'));
  const execPlugin = path.join(dir, 'token-plugin.cjs');

  beforeAll(async () => {
    writeFileSync(execPlugin, TOKEN_PLUGIN);
    chmodSync(execPlugin, 0o755);
    fleet = await startFleet({ ca: await sharedTestCa(), clusters: 1, objectsPerCluster: 30, reconcileDelayMs: 20, namePrefix: 'bystander' });
    t = await startTestServer({ KUBECONFIG_EXEC_ALLOWLIST: `kubelogin,${execPlugin}` });
    bystander = fleet.cluster('bystander-001');
    bystanderId = await registerCluster(t, bystander);
    await waitForInSync(t, bystanderId, bystander);
  });
  afterAll(async () => {
    await t?.close();
    await fleet?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A new simulated cluster, registered and fully indexed. */
  async function addSyncedCluster(options: FleetClusterOptions, kubeconfig?: (cluster: SimCluster) => string): Promise<{ cluster: SimCluster; id: string }> {
    const cluster = await fleet.addCluster({ objects: 30, ...options });
    const id = await registerCluster(t, cluster, kubeconfig?.(cluster));
    await waitForInSync(t, id, cluster);
    return { cluster, id };
  }

  let changes = 0;
  /** Changes one Kustomization's Ready message (and status); returns what the index must show. */
  function changeKustomization(cluster: SimCluster, label: string): { namespace: string; name: string; message: string } {
    const object = pickObject(cluster, 'Kustomization', (o) => !o.spec?.suspend);
    const message = `${label} #${++changes}`;
    setReady(cluster, 'Kustomization', object.metadata.namespace, object.metadata.name, { status: readyStatusOf(object) === 'True' ? 'False' : 'True', reason: 'FaultTest', message });
    return { namespace: object.metadata.namespace!, name: object.metadata.name, message };
  }

  /** Waits until the index shows the change, fresh. */
  async function waitForChange(clusterId: string, change: { namespace: string; name: string; message: string }, timeoutMs = 20_000): Promise<void> {
    await waitUntil(
      `"${change.message}" indexed and fresh`,
      async () => {
        const item = await indexedItem(t, clusterId, 'Kustomization', change.namespace, change.name);
        return item?.message === change.message && !item.stale;
      },
      timeoutMs,
    );
  }

  /** The bystander is unaffected: a change made there now reaches the index at once, fresh. */
  async function expectBystanderLive(label: string): Promise<void> {
    const sync = await syncStatus(t, bystanderId);
    expect(sync.state).toBe('synced');
    await waitForChange(bystanderId, changeKustomization(bystander, `bystander during ${label}`), 5_000);
  }

  /**
   * Polls the cluster until stopped and records every moment something of it was shown fresh
   * (a kind `watching`, an item not stale) although the fault still stands.
   */
  function watchForFreshness(clusterId: string): { stop: () => Promise<string[]> } {
    const violations: string[] = [];
    let running = true;
    const loop = (async () => {
      while (running) {
        const [sync, items] = await Promise.all([syncStatus(t, clusterId), indexedItems(t, clusterId)]);
        if (!running) break;
        const live = sync.kinds.filter((kind) => kind.state === 'watching').map((kind) => kind.kind);
        const fresh = items.filter((item) => !item.stale).length;
        if (live.length > 0 || fresh > 0 || sync.state === 'synced') violations.push(`${new Date().toISOString()}: ${sync.state}, watching ${live.join(',') || '-'}, ${fresh} fresh items`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();
    return {
      stop: async () => {
        running = false;
        await loop;
        return violations;
      },
    };
  }

  async function expectAllStale(clusterId: string): Promise<void> {
    const items = await indexedItems(t, clusterId);
    expect(items.length).toBeGreaterThan(0);
    expect(items.filter((item) => !item.stale).map((item) => item.id)).toEqual([]);
  }

  /** Waits until every kind of the cluster is in `state` (e.g. backing off) and returns the sync status. */
  function waitForEveryKind(clusterId: string, state: string, lastError?: RegExp): Promise<SyncStatus> {
    return waitUntil(`every kind ${state}${lastError ? ` with ${lastError}` : ''}`, async () => {
      const sync = await syncStatus(t, clusterId);
      const ok = sync.kinds.length > 0 && sync.kinds.every((kind) => kind.state === state && (!lastError || lastError.test(kind.last_error ?? '')));
      return ok ? sync : undefined;
    });
  }

  it('resumes a watch the API server ended: a change made after the cut reaches /resources and the stream, without a relist', async () => {
    const { cluster, id } = await addSyncedCluster({ name: 'cut-001' });
    const stream = await SseClient.open(`${t.url}/api/v1/stream?cluster=${id}`);
    try {
      await stream.next((event) => event.event === 'hello');
      await waitForSettledWatches(t, id, cluster);
      const kustomizations = 'kustomizations.kustomize.toolkit.fluxcd.io';
      const [watches, lists] = [cluster.api.counters.get('watch', kustomizations), cluster.api.counters.get('list', kustomizations)];

      // Every open watch stream ends cleanly now; new ones are not limited.
      await cluster.faults.set({ endWatchesAfterMs: 0 });
      await cluster.faults.set({ endWatchesAfterMs: undefined });
      await waitUntil('the Kustomization watch was cut and resumed', () => cluster.api.counters.get('watch', kustomizations) > watches);

      const change = changeKustomization(cluster, 'after the cut');
      await waitForChange(id, change);
      const event = await stream.next((e) => e.event === 'resource' && e.data.name === change.name && e.data.message === change.message);
      expect(event.data).toMatchObject({ type: 'upsert', cluster_id: id, kind: 'Kustomization', stale: false });
      // Resumed from its resourceVersion: no list again.
      expect(cluster.api.counters.get('list', kustomizations)).toBe(lists);
      expect((await syncStatus(t, id)).state).toBe('synced');
    } finally {
      stream.close();
    }
  });

  it('backs off while re-watches lose their connection, shows the cluster stale meanwhile, and catches up on the gap', async () => {
    const { cluster, id } = await addSyncedCluster({ name: 'drop-001' });
    await cluster.faults.set({ dropConnectionRate: 1 });
    cluster.api.endOpenStreams();
    const sync = await waitForEveryKind(id, 'backoff');
    expect(sync.state).toBe('degraded');
    for (const kind of sync.kinds) {
      expect(kind.last_error).toEqual(expect.any(String));
      expect(kind.backoff_until).toEqual(expect.any(String));
    }
    await expectAllStale(id);
    const duringGap = changeKustomization(cluster, 'while connections drop');
    await expectBystanderLive('dropped connections');

    await cluster.faults.set({ dropConnectionRate: undefined });
    await waitForChange(id, duringGap);
    await waitForInSync(t, id, cluster);
  });

  it('relists after 410 Gone: the index equals the cluster again, deletions made during the gap included', async () => {
    // The history window is a fleet option: this cluster gets a fleet of its own with a small one.
    const small = await startFleet({ ca: await sharedTestCa(), clusters: 1, objectsPerCluster: 30, reconcileDelayMs: 20, namePrefix: 'gone', historySize: 40 });
    try {
      const cluster = small.cluster('gone-001');
      const id = await registerCluster(t, cluster);
      await waitForInSync(t, id, cluster);
      const stream = await SseClient.open(`${t.url}/api/v1/stream?cluster=${id}`);
      try {
        await stream.next((event) => event.event === 'hello');
        const kustomizations = 'kustomizations.kustomize.toolkit.fluxcd.io';
        const lists = cluster.api.counters.get('list', kustomizations);

        // The cluster goes away (watches cut) and changes more than the history window holds.
        await cluster.api.closePort();
        const doomed = cluster.store.list('kustomize.toolkit.fluxcd.io/kustomizations').items.slice(0, 3);
        for (const object of doomed) deleteObject(cluster, 'Kustomization', object.metadata.namespace, object.metadata.name);
        createReadyKustomization(cluster, 'gap', 'born-during-gap');
        let writes = 0;
        while (writes <= 60) {
          for (const object of cluster.store.list(groupResourceOf('Kustomization')).items) {
            setReady(cluster, 'Kustomization', object.metadata.namespace, object.metadata.name, { status: writes % 2 ? 'True' : 'False', reason: 'GapChange', message: `changed during the gap ${++writes}` });
          }
        }
                await waitUntil('the cluster shown stale while it is away', async () => (await indexedItems(t, id)).every((item) => item.stale));

        await cluster.api.reopenPort();
        await waitForInSync(t, id, cluster);
        // It listed again (the watch could not resume: 410) ...
        expect(cluster.api.counters.get('list', kustomizations)).toBeGreaterThan(lists);
        // ... and the objects deleted in the gap are gone, with a deletion event each.
        for (const object of doomed) {
          await stream.next((e) => e.event === 'resource.deleted' && e.data.name === object.metadata.name && e.data.namespace === object.metadata.namespace);
        }
        expect(await indexedItem(t, id, 'Kustomization', 'gap', 'born-during-gap')).toBeDefined();
      } finally {
        stream.close();
      }
    } finally {
      await small.stop();
    }
  });

  for (const code of [429, 500] as const) {
    it(`backs off through a ${code} storm with the reason shown, keeps other clusters live, and is synced with the storm's changes after`, async () => {
      const { cluster, id } = await addSyncedCluster({ name: `storm${code}-001` });
      // An overloaded API server is slow as well as refusing: answers take a while.
      await cluster.faults.set({ errorRate: 1, errorCode: code, latencyMs: 400 });
      cluster.api.endOpenStreams();
      const sync = await waitForEveryKind(id, 'backoff', code === 429 ? /429/ : /500/);
      expect(sync.state).toBe('degraded');
      await expectAllStale(id);

      const freshness = watchForFreshness(id);
      const duringStorm = changeKustomization(cluster, `during the ${code} storm`);
      await expectBystanderLive(`the ${code} storm`);
      // Keep watching through a retry of every kind (after a backoff of 0.5 to 2 s).
      await waitUntil('every kind retried in the storm', () => cluster.api.counters.get('fault', String(code)) >= sync.kinds.length * 2, 15_000);
      expect(await freshness.stop()).toEqual([]);

      await cluster.faults.set({ errorRate: undefined, errorCode: undefined, latencyMs: undefined });
      await waitForChange(id, duringStorm);
      await waitForInSync(t, id, cluster);
    });
  }

  describe('a token that expires mid-watch', () => {
    // The kubeconfig runs an exec plugin (as kubelogin does) that issues short-lived tokens
    // `exec-<serial>-<expiry ms>`; the simulated cluster accepts a token until its expiry, unless
    // the test revoked every serial up to some number (a token that stops working early). A
    // static token cannot be refreshed, so only a credential provider that can fetch a new token
    // shows whether the engine gets one and keeps watching.
    function tokenCluster(
      name: string,
      lifetimeMs: number,
    ): { options: FleetClusterOptions; state: string; revoke: () => void; rejected: () => number; serial: () => number; current: () => { serial: number; expires: number } } {
      const state = path.join(dir, `${name}.json`);
      writeFileSync(state, JSON.stringify({ serial: 0, lifetimeMs, expires: 0 }));
      let revokedUpTo = 0;
      let rejected = 0;
      const current = (): { serial: number; expires: number } => JSON.parse(readFileSync(state, 'utf8')) as { serial: number; expires: number };
      const serial = (): number => current().serial;
      return {
        state,
        options: {
          name,
          authenticators: [
            (token) => {
              const match = /^exec-(\d+)-(\d+)$/.exec(token);
              if (!match) return null;
              if (Number(match[1]) <= revokedUpTo || Date.now() > Number(match[2])) {
                rejected += 1;
                throw new TokenRejectedError('token expired');
              }
              return { user: 'exec-user', groups: ['system:masters'] };
            },
          ],
        },
        revoke: () => {
          revokedUpTo = serial();
        },
        rejected: () => rejected,
        serial,
        current,
      };
    }
    const execKubeconfig = (state: string) => (cluster: SimCluster) =>
      buildKubeconfig({ name: cluster.name, server: cluster.server, caPem: cluster.api.caPem, credential: { exec: { command: execPlugin, args: [state] } } });

    it('renews a short-lived token before it expires: watches resumed after the expiry use a fresh one', async () => {
      const tokens = tokenCluster('token-ttl-001', 3_000);
      const { cluster, id } = await addSyncedCluster(tokens.options, execKubeconfig(tokens.state));
      const first = tokens.serial();
      // The watches outlive the token they were opened with; then every watch is cut.
      const { expires } = tokens.current();
      await waitUntil('the current token expired', () => Date.now() > expires + 200, 10_000);
      cluster.api.endOpenStreams();
      const change = changeKustomization(cluster, 'after the token expired');
      await waitForChange(id, change);
      expect((await syncStatus(t, id)).state).toBe('synced');
      // A new token was fetched for the new watches (before any was refused).
      expect(tokens.serial()).toBeGreaterThan(first);
      expect(tokens.rejected()).toBe(0);
    });

    it('gets a fresh token when the API server rejects the current one, again and again, without backing off', async () => {
      const tokens = tokenCluster('token-revoked-001', 3_600_000);
      const { cluster, id } = await addSyncedCluster(tokens.options, execKubeconfig(tokens.state));
      for (const round of [1, 2, 3]) {
        const before = tokens.serial();
        const rejectedBefore = tokens.rejected();
        await waitForSettledWatches(t, id, cluster);
        tokens.revoke();
        cluster.api.endOpenStreams();
        const freshness = pollSync(id);
        const change = changeKustomization(cluster, `after revocation ${round}`);
        await waitForChange(id, change);
        const states = await freshness.stop();
        expect(tokens.rejected(), `round ${round}: the old token was refused`).toBeGreaterThan(rejectedBefore);
        expect(tokens.serial(), `round ${round}: a new token was fetched`).toBeGreaterThan(before);
        // A 401 is answered with a new token at once: no kind backs off, no error is shown.
        expect(states.filter((state) => state.kinds.some((kind) => kind.state === 'backoff' || kind.last_error !== null)).map(describeSync), `round ${round}`).toEqual([]);
        await waitForInSync(t, id, cluster);
      }
    });
  });

  /** Records the sync status every 25 ms until stopped. */
  function pollSync(clusterId: string): { stop: () => Promise<SyncStatus[]> } {
    const seen: SyncStatus[] = [];
    let running = true;
    const loop = (async () => {
      while (running) {
        seen.push(await syncStatus(t, clusterId));
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();
    return {
      stop: async () => {
        running = false;
        await loop;
        return seen;
      },
    };
  }

  it('shows a kind forbidden by RBAC as forbidden with a message while the other kinds of the cluster stay live', async () => {
    const cluster = await fleet.addCluster({
      name: 'rbac-001',
      objects: 30,
      authorization: { rules: [{ effect: 'deny', apiGroups: ['source.toolkit.fluxcd.io'], resources: ['gitrepositories'], verbs: ['list', 'watch'] }] },
    });
    const id = await registerCluster(t, cluster);
    const sync = await waitUntil('GitRepository forbidden, every other kind watching', async () => {
      const status = await syncStatus(t, id);
      const others = status.kinds.filter((kind) => kind.kind !== 'GitRepository');
      const forbidden = status.kinds.find((kind) => kind.kind === 'GitRepository');
      return forbidden?.state === 'forbidden' && others.length > 0 && others.every((kind) => kind.state === 'watching') ? status : undefined;
    });
    expect(sync.kinds.find((kind) => kind.kind === 'GitRepository')?.last_error).toMatch(/forbidden/i);
    expect(sync.state).toBe('degraded');
    const items = await indexedItems(t, id);
    expect(items.filter((item) => item.kind === 'GitRepository')).toEqual([]);
    const expected = [...clusterContent(cluster).keys()].filter((key) => !key.startsWith('GitRepository/'));
    expect(items.map((item) => `${item.kind}/${item.namespace}/${item.name}`).sort()).toEqual(expected.sort());
    expect(items.every((item) => !item.stale)).toBe(true);
    await waitForChange(id, changeKustomization(cluster, 'next to a forbidden kind'));

    // Access revoked later: the kind's objects are kept but shown stale; the rest stays live.
    const ready = await addSyncedCluster({ name: 'rbac-002' });
    await waitForSettledWatches(t, ready.id, ready.cluster);
    ready.cluster.api.authorizer.setPolicy({ rules: [{ effect: 'deny', apiGroups: ['source.toolkit.fluxcd.io'], resources: ['gitrepositories'] }] });
    ready.cluster.api.endOpenStreams();
    await waitUntil('GitRepository forbidden on rbac-002', async () => (await syncStatus(t, ready.id)).kinds.find((kind) => kind.kind === 'GitRepository')?.state === 'forbidden');
    const after = await indexedItems(t, ready.id);
    expect(after.filter((item) => item.kind === 'GitRepository').length).toBeGreaterThan(0);
    expect(after.filter((item) => (item.kind === 'GitRepository') !== item.stale).map((item) => item.id)).toEqual([]);
    await waitForChange(ready.id, changeKustomization(ready.cluster, 'kustomizations still live'));
    // Granted again: it comes back by itself.
    ready.cluster.api.authorizer.setPolicy({ rules: [] });
    await waitForInSync(t, ready.id, ready.cluster);
  });

  it('marks a cluster that goes down stale, keeps the others live, and is fresh again when it comes back', async () => {
    const { cluster, id } = await addSyncedCluster({ name: 'down-001' });
    await cluster.api.closePort();
    const sync = await waitForEveryKind(id, 'backoff', /ECONNREFUSED|connect/i);
    expect(sync.state).toBe('degraded');
    await expectAllStale(id);
    const rollup = (await t.request('GET', '/api/v1/resources/summary')).json.clusters.find((entry: { cluster_id: string }) => entry.cluster_id === id);
    expect(rollup).toMatchObject({ sync: 'degraded', objects: clusterContent(cluster).size });
    const freshness = watchForFreshness(id);
    const whileDown = changeKustomization(cluster, 'while the cluster is down');
    await expectBystanderLive('the outage');
    await waitUntil('every kind retried while down', async () => (await syncStatus(t, id)).kinds.every((kind) => kind.backoff_until !== null && kind.backoff_until !== sync.kinds.find((k) => k.kind === kind.kind)?.backoff_until));
    expect(await freshness.stop()).toEqual([]);

    await cluster.api.reopenPort();
    await waitForChange(id, whileDown);
    await waitForInSync(t, id, cluster);
  });

  it('forgets a cluster deleted while it syncs slowly: its objects, its roll-up, its requests, no errors logged', async () => {
    const cluster = await fleet.addCluster({ name: 'deleted-001', objects: 30 });
    await cluster.faults.set({ latencyMs: 500 });
    const stream = await SseClient.open(`${t.url}/api/v1/stream`);
    try {
      await stream.next((event) => event.event === 'hello');
      const id = await registerCluster(t, cluster);
      // Discovery is done and the lists are on their way: their answers come after the deletion.
      await waitUntil('the kinds being listed', async () => (await syncStatus(t, id)).kinds.some((kind) => kind.state === 'listing'), 20_000, 10);
      const logsBefore = t.logs.length;

      const deleted = await t.request('DELETE', `/api/v1/clusters/${id}`);
      expect(deleted.status).toBe(204);
      const event = await stream.next((e) => e.event === 'cluster' && e.data.cluster_id === id && e.data.type === 'deleted');
      expect(event.data).toEqual({ type: 'deleted', cluster_id: id });
      expect(await indexedItems(t, id)).toEqual([]);
      const summary = (await t.request('GET', '/api/v1/resources/summary')).json;
      expect(summary.clusters.map((entry: { cluster_id: string }) => entry.cluster_id)).not.toContain(id);
      expect((await t.request('GET', `/api/v1/clusters/${id}/sync`)).status).toBe(404);

      // Requests already on their way finish (latency) and nothing new starts: no watch stays open.
      await waitUntil('no watch of the deleted cluster open', () => cluster.api.openStreamCount() === 0);
      let total = cluster.api.counters.total();
      await waitUntil(
        'no more requests to the deleted cluster',
        async () => {
          await new Promise((resolve) => setTimeout(resolve, 1_500));
          const now = cluster.api.counters.total();
          const quiet = now === total;
          total = now;
          return quiet;
        },
        15_000,
      );
      // Nothing of it came back from a late answer, and nothing failed.
      expect(await indexedItems(t, id)).toEqual([]);
      expect(summary.totals.total).toBe((await t.request('GET', '/api/v1/resources/summary')).json.totals.total);
      // No error at all, and no warning about the deleted cluster.
      const problems = t.logs.slice(logsBefore).filter((line) => {
        const level = (JSON.parse(line) as { level: number }).level;
        return level >= 50 || (level >= 40 && line.includes(id));
      });
      expect(problems).toEqual([]);
      expect(stream.events.filter((e) => e.event === 'resource' && e.data.cluster_id === id && Number(e.id) > Number(event.id))).toEqual([]);
    } finally {
      stream.close();
      await fleet.removeCluster('deleted-001');
    }
  });
});

function describeSync(sync: SyncStatus): string {
  return `${sync.state}: ${sync.kinds.filter((kind) => kind.state !== 'watching' || kind.last_error).map((kind) => `${kind.kind}=${kind.state} (${kind.last_error ?? ''})`).join(', ')}`;
}

/** An exec credential plugin: each run issues the next serial's token, valid for the state file's lifetime. */
const TOKEN_PLUGIN = `#!/usr/bin/env node
const fs = require('node:fs');
const file = process.argv[2];
const state = JSON.parse(fs.readFileSync(file, 'utf8'));
state.serial += 1;
const expires = Date.now() + state.lifetimeMs;
state.expires = expires;
fs.writeFileSync(file, JSON.stringify(state));
process.stdout.write(JSON.stringify({
  apiVersion: 'client.authentication.k8s.io/v1beta1',
  kind: 'ExecCredential',
  status: { token: 'exec-' + state.serial + '-' + expires, expirationTimestamp: new Date(expires).toISOString() },
}));
`;
