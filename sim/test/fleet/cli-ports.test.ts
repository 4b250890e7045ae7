import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { execFileAsync, failingCli, kubectl, manifestOf, REPO_ROOT, startCli, stopAllClis } from './cli-harness.js';

const servers: Server[] = [];
afterEach(async () => {
  await stopAllClis();
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

function listen(port: number): Promise<Server | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** A first port with `count` free ports from it (checked by listening on them, then let go). */
async function freePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const first = 20_000 + Math.floor(Math.random() * 30_000);
    const held = await Promise.all(Array.from({ length: count }, (_, index) => listen(first + index)));
    await Promise.all(held.map((server) => server && new Promise((done) => server.close(done))));
    if (held.every((server) => server !== undefined)) return first;
  }
  throw new Error('no free port range found');
}

describe('npm run sim --base-port', () => {
  it('puts cluster i on base port + i, plain clusters first, then AKS clusters', async () => {
    const first = await freePorts(3);
    const cli = await startCli(['--clusters', '2', '--objects', '5', '--azure-subscriptions', '1', '--clusters-per-subscription', '1', '--base-port', String(first)]);
    const manifest = await manifestOf(cli);
    expect(manifest.clusters.map((cluster) => [cluster.name, cluster.server])).toEqual([
      ['cluster-001', `https://127.0.0.1:${first}`],
      ['cluster-002', `https://127.0.0.1:${first + 1}`],
    ]);
    expect(manifest.azure?.subscriptions[0]?.clusters.map((cluster) => cluster.server)).toEqual([`https://127.0.0.1:${first + 2}`]);
    expect(cli.output()).toContain(`clusters:  2 (https://127.0.0.1:${first} ...)`);
    const namespaces = await kubectl(cli, manifest.clusters[1]!.kubeconfig, ['get', 'namespace', 'flux-system', '-o', 'name']);
    expect(namespaces.trim()).toBe('namespace/flux-system');
  });

  it('refuses a value that is not a port, or leaves no room for every cluster', async () => {
    for (const value of ['0', '65536', 'http']) {
      const failed = await failingCli(['--base-port', value]);
      expect(failed.code, value).toBe(2);
      expect(failed.stderr).toContain(`--base-port must be a port number (1-65535), got "${value}"`);
    }
    const crowded = await failingCli(['--base-port', '65534', '--clusters', '3']);
    expect(crowded.code).toBe(2);
    expect(crowded.stderr).toContain('--base-port 65534 leaves no room for 3 clusters (the last would listen on 65536)');
  });

  it('fails to start, naming the cluster and port, when a port is taken', async () => {
    const first = await freePorts(2);
    const taken = await listen(first + 1);
    servers.push(taken!);
    const failed = await failingCli(['--clusters', '2', '--objects', '0', '--base-port', String(first)]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`cluster cluster-002 cannot listen on 127.0.0.1:${first + 1}: the port is in use`);
  });

  it('documents the option in --help', async () => {
    const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', 'sim/src/cli.ts', '--help'], { cwd: REPO_ROOT });
    expect(stdout).toMatch(/--base-port P\s+cluster i listens on 127\.0\.0\.1:P\+i/);
  });
});
