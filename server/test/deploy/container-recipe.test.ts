import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../support/wait-until.js';

/**
 * The container recipe without a container engine: deploy/container/build.sh (the Containerfile's
 * build stage) runs in a clean copy of the repository's files as a non-root user, and the
 * assembled runtime tree, owned by root and so read-only to that user, starts through
 * entrypoint.sh as that user with SQLite in a temporary DATA_DIR and answers /readyz.
 * Dependencies are copied from this checkout's installed ones (FO_INSTALLED_FROM, see build.sh).
 */
const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const BUILD_USER = 'fo-recipe';
const isRoot = process.getuid?.() === 0;

/** The non-root user the steps run as: created when CI runs as root; the current user otherwise. */
function buildUser(): { uid: number; gid: number } {
  if (!isRoot) return { uid: process.getuid!(), gid: process.getgid!() };
  try {
    execFileSync('id', ['-u', BUILD_USER], { stdio: 'ignore' });
  } catch {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', BUILD_USER]);
  }
  return { uid: Number(execFileSync('id', ['-u', BUILD_USER], { encoding: 'utf8' })), gid: Number(execFileSync('id', ['-g', BUILD_USER], { encoding: 'utf8' })) };
}

/** A command line run as `user` (setpriv drops root's uid, gid and groups). */
function asUser(user: { uid: number; gid: number }, command: string[]): [string, string[]] {
  if (!isRoot) return [command[0]!, command.slice(1)];
  return ['setpriv', [`--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', '--', ...command]];
}

function run(file: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('container recipe (deploy/container), run without a container engine', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'fo-recipe-'));
  let server: ChildProcess | undefined;
  afterAll(async () => {
    if (server?.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    rmSync(work, { recursive: true, force: true });
  });

  it('builds as a non-root user in a clean copy, and the assembled server starts as that user and is ready', async () => {
    const user = buildUser();
    const source = path.join(work, 'src');
    const deps = path.join(work, 'deps');
    const out = path.join(work, 'app');
    const home = path.join(work, 'home');
    const dataDir = path.join(work, 'data');
    // The repository's files as a clean clone has them (tracked, plus new files not ignored).
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' }).split('\0').filter(Boolean);
    for (const file of files) if (existsSync(path.join(repoRoot, file))) cpSync(path.join(repoRoot, file), path.join(source, file), { recursive: false });
    expect(existsSync(path.join(source, 'node_modules'))).toBe(false);
    // The installed dependencies, as another checkout with the same lockfile (cp: fast, keeps symlinks).
    for (const dir of ['', 'flux-model', 'server', 'web', 'sim']) {
      if (!existsSync(path.join(repoRoot, dir, 'node_modules'))) continue;
      mkdirSync(path.join(deps, dir), { recursive: true });
      execFileSync('cp', ['-R', path.join(repoRoot, dir, 'node_modules'), path.join(deps, dir, 'node_modules')]);
    }
    for (const dir of [home, dataDir]) mkdirSync(dir, { recursive: true });
    chmodSync(work, 0o755);
    if (isRoot) execFileSync('chown', ['-R', `${user.uid}:${user.gid}`, source, deps, home, dataDir]);
    const env = { PATH: process.env.PATH, HOME: home, npm_config_cache: path.join(home, '.npm'), FO_INSTALLED_FROM: deps };

    const [buildFile, buildArgs] = asUser(user, [path.join(source, 'deploy/container/build.sh'), out]);
    mkdirSync(out, { recursive: true });
    if (isRoot) execFileSync('chown', [`${user.uid}:${user.gid}`, out]);
    const built = await run(buildFile, buildArgs, { cwd: source, env });
    expect(built.output).toContain('assembled the runtime tree');
    expect(built.code).toBe(0);
    // Production dependencies and built files only.
    expect(existsSync(path.join(out, 'server/dist/main.js'))).toBe(true);
    expect(existsSync(path.join(out, 'web/dist/index.html'))).toBe(true);
    expect(existsSync(path.join(out, 'server/src'))).toBe(false);
    expect(['typescript', 'vitest', 'eslint', 'tsx'].filter((name) => existsSync(path.join(out, 'node_modules', name)))).toEqual([]);

    // The runtime tree becomes root's: the server cannot change its own code.
    if (isRoot) execFileSync('chown', ['-R', '0:0', out]);
    const [startFile, startArgs] = asUser(user, [path.join(out, 'entrypoint.sh')]);
    server = spawn(startFile, startArgs, { cwd: dataDir, env: { PATH: process.env.PATH, HOME: home, HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    server.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const url = await waitUntil('the server logs its URL', async () => {
      if (server!.exitCode !== null) throw new Error(`the server exited (${server!.exitCode}): ${log.slice(-2000)}`);
      const match = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(log);
      if (!match) throw new Error('not listening yet');
      return match[1]!;
    }, 60_000);
    const ready = await waitUntil('/readyz answers 200', async () => {
      const response = await fetch(`${url}/readyz`);
      if (response.status !== 200) throw new Error(`/readyz answered ${response.status}`);
      return response.json();
    });
    expect(ready).toEqual({ status: 'ready' });
    // entrypoint.sh execs node, so the process is the server: it runs as the non-root user.
    const uid = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1];
    expect(Number(uid)).toBe(user.uid);
    expect(user.uid).not.toBe(0);
    expect(existsSync(path.join(dataDir, 'flux-orchestrator.db'))).toBe(true);
  }, 240_000);
});
