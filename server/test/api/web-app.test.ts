import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

describe('serving the web app', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    await t.close();
    const webDir = path.join(t.dataDir, 'web');
    mkdirSync(path.join(webDir, 'assets'), { recursive: true });
    writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(path.join(webDir, 'assets', 'index-abc123.js'), 'console.log(1)');
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
