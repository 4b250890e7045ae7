import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Starts the real entry point and resolves once it logs its URL. */
function startProcess(args: string[], env: Record<string, string>) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fo-process-'));
  dirs.push(dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'server/src/main.ts'), ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: '0', HEALTH_CHECK_INTERVAL_SECONDS: '0', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /"url":"(http:\/\/[^"]+)","msg":"Flux Orchestrator is listening"/.exec(output);
      if (match) {
        clearInterval(timer);
        resolve(match[1]!);
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`exited with ${code}: ${output}`));
    });
  });
  listening.catch(() => undefined); // awaited only by tests that expect the server to start
  return { child, exited, listening, dataDir, output: () => output };
}

describe('server process', () => {
  it('serves, then shuts down cleanly on SIGTERM with exit code 0', async () => {
    const server = startProcess([], {});
    const url = await server.listening;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('"signal":"SIGTERM","msg":"shutting down"');
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('refuses AUTH_MODE=none on a non-loopback address; with login it listens there and names the initial admin file, never the password', async () => {
    const refused = startProcess(['--host', '0.0.0.0'], { AUTH_MODE: 'none' });
    expect(await refused.exited).toBe(2);
    expect(refused.output()).toContain('AUTH_MODE is none (no login), which is allowed only on a loopback HOST');
    const open = startProcess(['--host', '0.0.0.0'], {});
    const url = await open.listening;
    const file = path.join(open.dataDir, 'initial-admin-password');
    expect(open.output()).toContain(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const password = readFileSync(file, 'utf8').trim();
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(open.output()).not.toContain(password);
    const port = new URL(url).port;
    expect((await fetch(`http://127.0.0.1:${port}/api/v1/clusters`)).status).toBe(401);
    open.child.kill('SIGTERM');
    expect(await open.exited).toBe(0);
  });
  it('refuses a second process on the same SQLite database, and starts once the first has stopped', async () => {
    const first = startProcess([], {});
    await first.listening;
    const second = startProcess([], { DATA_DIR: first.dataDir });
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain('Another Flux Orchestrator process is using');
    expect(second.output()).toContain('use PostgreSQL');
    // The first one is unharmed.
    expect((await fetch(`${await first.listening}/healthz`)).status).toBe(200);
    first.child.kill('SIGKILL');
    await first.exited;
    // kill -9 leaves no stale lock: the operating system dropped it with the process.
    const third = startProcess([], { DATA_DIR: first.dataDir });
    await third.listening;
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
  });
});
