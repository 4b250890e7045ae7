import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { waitUntil } from './wait-until.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');

/** One server process (the real entry point), for tests that kill and restart replicas. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  dataDir: string;
  output(): string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary response JSON
  request(method: string, urlPath: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; text: string; json: any; headers: Headers }>;
  /** kill -9: no shutdown, no lease handed back. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

/** Starts `server/src/main.ts` in its own process; resolves once it listens. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fo-replica-'));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'server/src/main.ts')], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, DATA_DIR: dataDir, PORT: '0', WEB_DIR: path.join(dataDir, 'no-web'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let exitedEarly = false;
  void exited.then(() => (exitedEarly = true));
  const url = await waitUntil(
    'the server process listens',
    () => {
      if (exitedEarly) throw new Error(`the server process exited: ${output}`);
      return /"url":"(http:\/\/[^"]+)","msg":"Flux Orchestrator is listening"/.exec(output)?.[1];
    },
    60_000,
  );
  const cleanUp = () => rmSync(dataDir, { recursive: true, force: true });
  return {
    child,
    url,
    dataDir,
    output: () => output,
    async request(method, urlPath, body, headers = {}) {
      const response = await fetch(`${url}${urlPath}`, {
        method,
        headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      return { status: response.status, text, json, headers: response.headers };
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
      cleanUp();
    },
    async stop() {
      if (!exitedEarly) child.kill('SIGTERM');
      await exited;
      cleanUp();
    },
  };
}

/** The initial admin password the first process wrote into its data dir. */
export function initialAdminPasswordOf(server: ServerProcess): string {
  return readFileSync(path.join(server.dataDir, 'initial-admin-password'), 'utf8').trim();
}
