/**
 * Writes `web/src/api/generated/schema.d.ts` from the server's own OpenAPI document: the real
 * server starts in this process (temp data dir, port 0), serves `/api/v1/openapi.json`, and
 * openapi-typescript turns it into types. A renamed route or field then fails `tsc -p web`.
 *
 *   npm run generate-api
 *
 * `web/e2e/generated-api.e2e.test.ts` regenerates and fails when the committed file differs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import pino from 'pino';
import { loadConfig } from '../../server/src/config/index.js';
import { startServer } from '../../server/src/server.js';

const WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SCHEMA_FILE = path.join(WEB_ROOT, 'src', 'api', 'generated', 'schema.d.ts');

const HEADER = `/**
 * Generated from the server's /api/v1/openapi.json by web/scripts/generate-api.ts.
 * Do not edit: run \`npm run generate-api\` after changing a server schema.
 */

`;

/** The OpenAPI document as the server serves it. */
export async function fetchOpenApiDocument(): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fo-generate-api-'));
  const config = loadConfig([], { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, HEALTH_CHECK_INTERVAL_SECONDS: '0', WEB_DIR: path.join(dataDir, 'no-web'), LOG_LEVEL: 'silent' }, process.cwd());
  const server = await startServer(config, pino({ level: 'silent' }));
  try {
    const response = await fetch(`${server.url}/api/v1/openapi.json`);
    if (!response.ok) throw new Error(`GET /api/v1/openapi.json answered ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The text of `schema.d.ts` for the server as it is now. */
export async function generateApiTypes(): Promise<string> {
  const document = await fetchOpenApiDocument();
  // The version changes with every release; it is no part of the contract.
  const info = { ...(document.info as Record<string, unknown>), version: '0' };
  const ast = await openapiTS({ ...document, info } as Parameters<typeof openapiTS>[0], { alphabetize: true });
  return HEADER + astToString(ast);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = await generateApiTypes();
  writeFileSync(SCHEMA_FILE, text);
  process.stdout.write(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)} (${text.length} characters)\n`);
}
