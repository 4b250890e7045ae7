/** Runs `npm run sim` (sim/src/cli.ts under tsx) in a child process for the CLI tests. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { FleetManifest } from '../../src/fleet.js';

export const execFileAsync = promisify(execFile);
export const REPO_ROOT = resolve(import.meta.dirname, '../../..');
const CLI = join(REPO_ROOT, 'sim/src/cli.ts');

export interface RunningCli {
  child: ChildProcess;
  outDir: string;
  output: () => string;
}

const running: RunningCli[] = [];

/** Stops every CLI started by startCli (SIGTERM, waits for the exit) and removes its output directory. For `afterEach`. */
export async function stopAllClis(): Promise<void> {
  for (const cli of running.splice(0)) {
    if (cli.child.exitCode === null && cli.child.signalCode === null) {
      const exited = new Promise((done) => cli.child.once('exit', done));
      cli.child.kill('SIGTERM');
      await exited;
    }
    await rm(cli.outDir, { recursive: true, force: true });
  }
}

/** `npm run sim -- ARGS --out <tmp>` from the repository root, resolved once it serves (its output says so). */
export async function startCli(args: string[]): Promise<RunningCli> {
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

/** Runs the CLI from the repository root expecting it to fail at once; its exit code and stderr. */
export async function failingCli(args: string[]): Promise<{ code?: number; stderr?: string }> {
  const outDir = await mkdtemp(join(tmpdir(), 'sim-cli-test-'));
  try {
    const result = await execFileAsync(process.execPath, ['--import', 'tsx', CLI, ...args, '--out', outDir], { cwd: REPO_ROOT, timeout: 60_000 }).then(
      ({ stdout }) => ({ succeeded: stdout }),
      (error: { code?: number; stderr?: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    if ('succeeded' in result) throw new Error(`the simulator did not fail: ${result.succeeded}`);
    return result;
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

export const manifestOf = async (cli: RunningCli): Promise<FleetManifest> => JSON.parse(await readFile(join(cli.outDir, 'manifest.json'), 'utf8')) as FleetManifest;

/** `kubectl --kubeconfig KUBECONFIG ARGS` with a scratch HOME and cache in the CLI's output directory; stdout. */
export async function kubectl(cli: RunningCli, kubeconfig: string, args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(cli.outDir, 'kube-cache'), ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin', HOME: cli.outDir },
    timeout: 20_000,
  });
  return stdout;
}
