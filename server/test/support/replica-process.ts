import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { waitUntil } from './wait-until.js';
import { requestJson, type JsonAnswer } from './request-json.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');

/** One server process (the real entry point), for tests that kill and restart replicas. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  dataDir: string;
  output(): string;
  request(method: string, urlPath: string, body?: unknown, headers?: Record<string, string>): Promise<JsonAnswer>;
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
    request: (method, urlPath, body, headers) => requestJson(url, method, urlPath, body, headers),
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
