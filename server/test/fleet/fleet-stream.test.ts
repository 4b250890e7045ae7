import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type KubeObject, type SimCluster, type SimFleet } from '@flux-orchestrator/sim';
import { indexedItem, pickObject, readyStatusOf, registerCluster, setReady, waitForInSync } from '../support/fleet-fixtures.js';
import { sharedTestCa } from '../support/shared-ca.js';
import { SseClient, type SseEvent } from '../support/sse-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitUntil } from '../support/wait-until.js';

/** The live stream (`/api/v1/stream`): resuming with Last-Event-ID, filters, and slow clients. */
describe('fleet stream', () => {
  let fleet: SimFleet;
  let t: TestServer;
  let alpha: SimCluster;
  let beta: SimCluster;
  const ids = new Map<string, string>();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fo-stream-'));

  beforeAll(async () => {
    fleet = await startFleet({ ca: await sharedTestCa(), clusters: 2, objectsPerCluster: 40, reconcileDelayMs: 20, namePrefix: 'stream' });
    t = await startTestServer({}, { dataDir });
    alpha = fleet.cluster('stream-001');
    beta = fleet.cluster('stream-002');
    for (const cluster of [alpha, beta]) ids.set(cluster.name, await registerCluster(t, cluster));
    for (const cluster of [alpha, beta]) await waitForInSync(t, ids.get(cluster.name)!, cluster);
  });
  afterAll(async () => {
    await t?.close();
    await fleet?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  let serial = 0;
  /** Changes an object's Ready message (flips its status) and waits until the index shows it. */
  /** Flips the object's Ready condition with a new message, in the simulated cluster only. */
  function write(cluster: SimCluster, object: KubeObject, label: string): string {
    const message = `${label} #${++serial}`;
    const current = cluster.store.get(`${object.apiVersion.split('/')[0]}/${pluralOf(object.kind)}`, object.metadata.namespace, object.metadata.name) ?? object;
    setReady(cluster, object.kind, object.metadata.namespace, object.metadata.name, { status: readyStatusOf(current) === 'True' ? 'False' : 'True', reason: 'StreamTest', message });
    return message;
  }

  /** write(), then waits until the index has it. */
  async function change(cluster: SimCluster, object: KubeObject, label: string): Promise<{ name: string; namespace: string; message: string }> {
    const message = write(cluster, object, label);
    await waitUntil(`"${message}" indexed`, async () => (await indexedItem(t, ids.get(cluster.name)!, object.kind, object.metadata.namespace ?? '', object.metadata.name))?.message === message);
    return { name: object.metadata.name, namespace: object.metadata.namespace ?? '', message };
  }

  function kustomizations(cluster: SimCluster): KubeObject[] {
    return cluster.store.list('kustomize.toolkit.fluxcd.io/kustomizations').items.filter((object) => !object.spec?.suspend);
  }

  it('replays what a client missed when it resumes with Last-Event-ID', async () => {
    const first = await SseClient.open(`${t.url}/api/v1/stream?cluster=stream-001`);
    const hello = await first.next((event) => event.event === 'hello');
    const resumeFrom = Number(hello.id);
    expect(hello.data).toEqual({ last_event_id: resumeFrom });
    first.close();

    // Missed while away: three changes in the subscribed cluster, one elsewhere.
    const missed = [];
    for (const object of kustomizations(alpha).slice(0, 3)) missed.push(await change(alpha, object, 'missed'));
    await change(beta, kustomizations(beta)[0]!, 'missed elsewhere');

    const resumed = await SseClient.open(`${t.url}/api/v1/stream?cluster=stream-001`, { 'last-event-id': String(resumeFrom) });
    try {
      for (const expected of missed) {
        await resumed.next((event) => event.event === 'resource' && event.data.name === expected.name && event.data.message === expected.message);
      }
      const replayed = resumed.events.filter((event) => event.id !== undefined);
      expect(replayed.map((event) => event.event)).not.toContain('hello');
      expect(replayed.every((event) => Number(event.id) > resumeFrom)).toBe(true);
      expect(isIncreasing(replayed.map((event) => Number(event.id)))).toBe(true);
      expect(replayed.filter((event) => event.data?.cluster_id !== undefined && event.data.cluster_id !== ids.get('stream-001'))).toEqual([]);
      // Then it is live.
      const live = await change(alpha, kustomizations(alpha)[3]!, 'live after the resume');
      await resumed.next((event) => event.event === 'resource' && event.data.message === live.message);
    } finally {
      resumed.close();
    }
  });

  it('sends only the events of the clusters, kinds and namespaces asked for (cluster events by cluster only)', async () => {
    const target = kustomizations(alpha).find((object) => kustomizations(alpha).some((other) => other.metadata.namespace === object.metadata.namespace && other !== object))!;
    const namespace = target.metadata.namespace!;
    const stream = await SseClient.open(`${t.url}/api/v1/stream?cluster=stream-001&kind=ks&namespace=${namespace}`);
    try {
      await stream.next((event) => event.event === 'hello');
      // Not asked for: another namespace, another kind, another cluster.
      const otherNamespace = kustomizations(alpha).find((object) => object.metadata.namespace !== namespace);
      if (otherNamespace) await change(alpha, otherNamespace, 'other namespace');
      await change(alpha, pickObject(alpha, 'GitRepository'), 'other kind');
      await change(beta, kustomizations(beta).find((object) => object.metadata.namespace === namespace) ?? kustomizations(beta)[0]!, 'other cluster');
      // Asked for: it comes, and (one connection, in order) nothing unasked-for came before it.
      const wanted = await change(alpha, target, 'asked for');
      await stream.next((event) => event.event === 'resource' && event.data.message === wanted.message);
      const resources = stream.events.filter((event) => event.event === 'resource' || event.event === 'resource.deleted');
      expect(resources.map(where).filter((place) => place !== `${ids.get('stream-001')}/Kustomization/${namespace}`)).toEqual([]);
      const clusters = stream.events.filter((event) => event.event === 'cluster');
      expect(clusters.filter((event) => event.data.cluster_id !== ids.get('stream-001'))).toEqual([]);
    } finally {
      stream.close();
    }
  });

  it('gives a client that stops reading one resync instead of buffering without bound, then streams on', async () => {
    // The server's side of stream responses, to read how much it holds for the client.
    const responses: ServerResponse[] = [];
    const capture = (request: IncomingMessage, response: ServerResponse): void => {
      if (request.url?.startsWith('/api/v1/stream')) responses.push(response);
    };
    t.server.app.server.on('request', capture);
    const client = await RawStream.open(`${t.url}/api/v1/stream`);
    try {
      const response = await waitUntil('the stream response', () => responses[0]);
      await client.next((event) => event.event === 'hello');
      client.pause();

      // Long messages (Flux shows build logs in conditions; the index keeps up to 4,000 characters)
      // fill the socket buffers, then the server's. Written without waiting for each to be indexed.
      const big = 'x'.repeat(3_900);
      const objects = kustomizations(alpha);
      let largest = 0;
      const limit = 1024 * 1024;
      let round = 0;
      await waitUntil(
        'the server holding over 1 MiB for the stalled client',
        async () => {
          round += 1;
          for (const object of objects) write(alpha, object, `${big} ${round}`);
          await new Promise((resolve) => setTimeout(resolve, 5));
          largest = Math.max(largest, response.writableLength);
          return response.writableLength > limit;
        },
        30_000,
        0,
      );
      // More changes while it lags: what the server holds stays bounded (the limit plus the one event that crossed it).
      for (let more = 0; more < 20; more += 1) {
        round += 1;
        for (const object of objects) write(alpha, object, `${big} ${round}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
        largest = Math.max(largest, response.writableLength);
      }
      expect(largest).toBeLessThan(limit + 2 * (big.length + 2_000));

      client.resume();
      const resync = await client.next((event) => event.event === 'resync', 20_000);
      expect(resync.data.reason).toMatch(/behind/);
      // Everything before the resync came in order without holes; after it, the stream is live again.
      const before = client.events.slice(0, client.events.indexOf(resync)).filter((event) => event.id !== undefined).map((event) => Number(event.id));
      expect(before.every((id, index) => index === 0 || id === before[index - 1]! + 1)).toBe(true);
      const live = await change(alpha, objects[0]!, 'after the resync');
      await client.next((event) => event.event === 'resource' && event.data.message === live.message);
    } finally {
      t.server.app.server.off('request', capture);
      client.close();
    }
  });

  // Ids of a new process start above every id of the previous one, so an id from before the
  // restart is older than anything kept: the client reloads instead of silently missing changes.
  it('sends resync to a client resuming with an event id of the previous server process', async () => {
    // A server of its own to restart: the shared one stays up, as the other tests found it.
    const ownDataDir = mkdtempSync(path.join(os.tmpdir(), 'fo-stream-restart-'));
    let own = await startTestServer({}, { dataDir: ownDataDir, keepDataDir: true });
    try {
      const id = await registerCluster(own, alpha);
      await waitForInSync(own, id, alpha);
      const before = await SseClient.open(`${own.url}/api/v1/stream`);
      await before.next((event) => event.event === 'hello');
      const message = write(alpha, kustomizations(alpha)[0]!, 'before the restart');
      const last = await before.next((event) => event.event === 'resource' && event.data.message === message);
      before.close();

      await own.close();
      own = await startTestServer({}, { dataDir: ownDataDir, keepDataDir: true });
      const resumed = await SseClient.open(`${own.url}/api/v1/stream`, { 'last-event-id': String(last.id) });
      try {
        await resumed.next((event) => event.event === 'resync', 2_000);
      } finally {
        resumed.close();
      }
    } finally {
      await own.close();
      rmSync(ownDataDir, { recursive: true, force: true });
    }
  });
});

function where(event: SseEvent): string {
  return `${event.data.cluster_id}/${event.data.kind}/${event.data.namespace}`;
}

function isIncreasing(values: number[]): boolean {
  return values.every((value, index) => index === 0 || value > values[index - 1]!);
}

function pluralOf(kind: string): string {
  const lower = kind.toLowerCase();
  return lower.endsWith('y') ? `${lower.slice(0, -1)}ies` : `${lower}s`;
}

/** An SSE reader whose reading can be paused (the socket then stops reading: TCP backpressure). */
class RawStream {
  readonly events: SseEvent[] = [];
  private response: IncomingMessage | undefined;
  private request: http.ClientRequest | undefined;
  private buffer = '';
  private waiters: Array<{ match: (event: SseEvent) => boolean; resolve: (event: SseEvent) => void }> = [];

  static async open(url: string): Promise<RawStream> {
    const stream = new RawStream();
    await new Promise<void>((resolve, reject) => {
      stream.request = http.get(url, { headers: { accept: 'text/event-stream' } }, (response) => {
        stream.response = response;
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => stream.receive(chunk));
        resolve();
      });
      stream.request.on('error', reject);
    });
    return stream;
  }

  pause(): void {
    this.response?.pause();
  }

  resume(): void {
    this.response?.resume();
  }

  close(): void {
    this.request?.destroy();
  }

  next(match: (event: SseEvent) => boolean, timeoutMs = 15_000): Promise<SseEvent> {
    const seen = this.events.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching event within ${timeoutMs} ms (got ${this.events.length})`)), timeoutMs);
      this.waiters.push({ match, resolve: (event) => (clearTimeout(timer), resolve(event)) });
    });
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const event: SseEvent = { event: 'message', data: undefined };
      let data: string | undefined;
      for (const line of block.split('\n')) {
        if (line.startsWith('id: ')) event.id = line.slice(4);
        else if (line.startsWith('event: ')) event.event = line.slice(7);
        else if (line.startsWith('data: ')) data = line.slice(6);
      }
      if (data === undefined) continue;
      event.data = JSON.parse(data);
      this.events.push(event);
      for (const waiter of [...this.waiters]) {
        if (waiter.match(event)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
      }
    }
  }
}
