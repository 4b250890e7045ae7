import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { FleetManifest } from '../../src/fleet.js';
import { MIXED_FLEET_FLUX_VERSIONS, findFluxRelease } from '../../src/flux/flux-releases.js';

const execFileAsync = promisify(execFile);
const REPO_ROOT = resolve(import.meta.dirname, '../../..');
const CLI = join(REPO_ROOT, 'sim/src/cli.ts');

interface RunningCli {
  child: ChildProcess;
  outDir: string;
  output: () => string;
}

const running: RunningCli[] = [];
afterEach(async () => {
  for (const cli of running.splice(0)) {
    if (cli.child.exitCode === null) {
      const exited = new Promise((done) => cli.child.once('exit', done));
      cli.child.kill('SIGTERM');
      await exited;
    }
    await rm(cli.outDir, { recursive: true, force: true });
  }
});

/** `npm run sim -- ARGS --out <tmp>`, resolved once it serves (its output says so). */
async function startCli(args: string[]): Promise<RunningCli> {
  const outDir = await mkdtemp(join(tmpdir(), 'sim-cli-test-'));
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args, '--out', outDir, '--reconcile-delay-ms', '50'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const cli = { child, outDir, output: () => output };
  running.push(cli);
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`the simulator did not start: ${output}`)), 60_000);
    child.stdout.on('data', () => {
      if (output.includes('Serving until interrupted')) {
        clearTimeout(timer);
        ready();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the simulator exited (${code}): ${output}`));
    });
  });
  return cli;
}

const manifestOf = async (cli: RunningCli) => JSON.parse(await readFile(join(cli.outDir, 'manifest.json'), 'utf8')) as FleetManifest;

describe('npm run sim with Flux releases', () => {
  it('assigns --flux-versions round-robin and records each cluster\'s release in manifest.json', async () => {
    const cli = await startCli(['--clusters', '4', '--objects', '20', '--flux-versions', '2.2,2.6,2.9']);
    const manifest = await manifestOf(cli);
    expect(manifest.clusters.map((cluster) => [cluster.name, cluster.flux_version])).toEqual([
      ['cluster-001', 'v2.2.3'],
      ['cluster-002', 'v2.6.4'],
      ['cluster-003', 'v2.9.0'],
      ['cluster-004', 'v2.2.3'],
    ]);
    expect(cli.output()).toContain('flux:      v2.2.3 ×2, v2.6.4 ×1, v2.9.0 ×1');
    // The cluster is what the manifest says: kubectl sees Flux 2.2's HelmRelease API.
    const { stdout } = await execFileAsync('kubectl', ['--kubeconfig', manifest.clusters[0]!.kubeconfig, '--cache-dir', join(cli.outDir, 'kube-cache'), 'api-resources', '--api-group=helm.toolkit.fluxcd.io', '-o', 'wide'], {
      env: { PATH: process.env.PATH ?? '/usr/bin', HOME: cli.outDir },
      timeout: 20_000,
    });
    expect(stdout).toContain('helm.toolkit.fluxcd.io/v2beta2');
    const exited = new Promise<number | null>((done) => cli.child.once('exit', done));
    cli.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('starts a mixed fleet by default', async () => {
    const cli = await startCli(['--clusters', '3', '--objects', '5']);
    const manifest = await manifestOf(cli);
    expect(manifest.clusters.map((cluster) => cluster.flux_version)).toEqual(MIXED_FLEET_FLUX_VERSIONS.slice(0, 3).map((version) => findFluxRelease(version).version));
    expect(new Set(manifest.clusters.map((cluster) => cluster.flux_version)).size).toBe(3);
  });

  it('refuses an unknown release, naming the known ones', async () => {
    const failed = await execFileAsync(process.execPath, ['--import', 'tsx', CLI, '--flux-version', '2.6.1'], { cwd: REPO_ROOT, timeout: 60_000 }).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toContain('unknown Flux release "2.6.1"');
    expect(failed?.stderr).toContain('2.9 (v2.9.0)');
  });
});
