import { mkdirSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

const BUNDLE = `export const rows = [${Array.from({ length: 400 }, (_, i) => `{id:${i},name:"cluster-${i}"}`).join(',')}];`;
const STYLES = `.row { display: grid; }\n`.repeat(200);

/** A raw GET (fetch would decode the body), with the bytes as sent. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    }).on('error', reject);
  });
}

describe('serving the web app', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    await t.close();
    const webDir = path.join(t.dataDir, 'web');
    mkdirSync(path.join(webDir, 'assets'), { recursive: true });
    writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(path.join(webDir, 'assets', 'index-abc123.js'), 'console.log(1)');
    // As the build writes them (web/scripts/precompress.ts): brotli and gzip beside the asset.
    writeFileSync(path.join(webDir, 'assets', 'app-def456.js'), BUNDLE);
    writeFileSync(path.join(webDir, 'assets', 'app-def456.js.br'), brotliCompressSync(BUNDLE));
    writeFileSync(path.join(webDir, 'assets', 'app-def456.js.gz'), gzipSync(BUNDLE));
    // Only gzip beside this one (a brotli copy that was not smaller is not written).
    writeFileSync(path.join(webDir, 'assets', 'style-0a1b2c.css'), STYLES);
    writeFileSync(path.join(webDir, 'assets', 'style-0a1b2c.css.gz'), gzipSync(STYLES));
    writeFileSync(path.join(t.dataDir, 'secret.txt'), 'not for the web');
    t = await startTestServer({ WEB_DIR: webDir }, { dataDir: t.dataDir });
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves index.html at / and for client-side routes, without caching it', async () => {
    for (const url of ['/', '/clusters', '/settings/azure']) {
      const response = await t.request('GET', url);
      expect(response.status).toBe(200);
      expect(response.text).toContain('<div id="root">');
      expect(response.headers.get('cache-control')).toMatch(/no-cache|max-age=0/);
    }
  });

  it('serves hashed assets as immutable', async () => {
    const response = await t.request('GET', '/assets/index-abc123.js');
    expect(response.text).toBe('console.log(1)');
    expect(response.headers.get('cache-control')).toContain('immutable');
  });

  it('sends the precompressed brotli copy to a browser that accepts it, with Vary and the real type', async () => {
    const response = await rawGet(`${t.url}/assets/app-def456.js`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(response.headers['cache-control']).toContain('immutable');
    expect(response.headers['cache-control']).toContain('max-age=31536000');
    expect(brotliDecompressSync(response.body).toString()).toBe(BUNDLE);
  });

  it('sends gzip to a client without brotli, and falls back to gzip when no brotli copy exists', async () => {
    const gzipOnly = await rawGet(`${t.url}/assets/app-def456.js`, { 'accept-encoding': 'gzip' });
    expect(gzipOnly.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipOnly.body).toString()).toBe(BUNDLE);
    const noBrotliCopy = await rawGet(`${t.url}/assets/style-0a1b2c.css`, { 'accept-encoding': 'br, gzip' });
    expect(noBrotliCopy.headers['content-encoding']).toBe('gzip');
    expect(noBrotliCopy.headers['content-type']).toMatch(/text\/css/);
    expect(gunzipSync(noBrotliCopy.body).toString()).toBe(STYLES);
  });

  it('sends the file as it is to a client that accepts no encoding', async () => {
    const response = await rawGet(`${t.url}/assets/app-def456.js`, {});
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(response.body.toString()).toBe(BUNDLE);
  });

  it('never serves files outside the web directory', async () => {
    const response = await t.request('GET', '/..%2Fsecret.txt');
    expect(response.text).not.toContain('not for the web');
  });

  it('keeps unknown API routes as JSON 404s', async () => {
    const response = await t.request('GET', '/api/v1/does-not-exist');
    expect(response.status).toBe(404);
    expect(response.json.error.code).toBe('not_found');
  });
});
