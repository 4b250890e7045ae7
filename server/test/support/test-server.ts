import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { loadConfig } from '../../src/config/index.js';
import { REDACTED_PATHS } from '../../src/logging/index.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { requestJson, type JsonAnswer } from './request-json.js';

export interface TestServer {
  server: RunningServer;
  url: string;
  dataDir: string;
  /** Every log line the server wrote (JSON text), for "never logged" assertions. */
  logs: string[];
  request(method: string, urlPath: string, body?: unknown, headers?: Record<string, string>): Promise<JsonAnswer>;
  close(): Promise<void>;
}

/**
 * Starts the real server on a random loopback port with its own data dir and captured logs.
 * Without login (AUTH_MODE=none, loopback only) unless `env` says otherwise: the auth tests opt in.
 */
export async function startTestServer(env: Record<string, string> = {}, options: { dataDir?: string; keepDataDir?: boolean } = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'fo-server-'));
  const config = loadConfig([], { PORT: '0', DATA_DIR: dataDir, HEALTH_CHECK_INTERVAL_SECONDS: '0', AUTH_MODE: 'none', WEB_DIR: path.join(dataDir, 'no-web'), ...env }, process.cwd());
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = pino({ level: 'debug', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
  const server = await startServer(config, logger);
  return {
    server,
    url: server.url,
    dataDir,
    logs,
    request: (method, urlPath, body, headers) => requestJson(server.url, method, urlPath, body, headers),
    async close() {
      await server.close();
      if (!options.keepDataDir && !options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
