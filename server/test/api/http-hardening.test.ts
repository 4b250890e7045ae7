import { request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.js';

/** A request with a Host header of our choosing (fetch does not let a caller set Host). */
function get(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const request = httpRequest({ host: target.hostname, port: target.port, path: target.pathname, headers: { host } }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject).end();
  });
}

describe('Host allowlist (security finding 2: DNS rebinding)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ ALLOWED_HOSTS: 'flux.example.com,.corp.example', PUBLIC_URL: 'https://fluxo.example.org' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a host name the server does not know, before any route runs', async () => {
    const port = new URL(t.url).port;
    const refused = await get(`${t.url}/api/v1/clusters`, `rebind.attacker.example:${port}`);
    expect(refused.status).toBe(421);
    expect(JSON.parse(refused.body).error).toMatchObject({ code: 'host_not_allowed', message: expect.stringMatching(/"rebind\.attacker\.example".*ALLOWED_HOSTS/) });
    expect((await get(`${t.url}/api/v1/clusters`, `example.com:${port}`)).status).toBe(421);
    expect((await get(`${t.url}/api/v1/clusters`, `corp.example.evil:${port}`)).status).toBe(421);
  });

  it('answers loopback names, IP addresses, ALLOWED_HOSTS (and their subdomains) and PUBLIC_URL\'s host', async () => {
    const port = new URL(t.url).port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, '10.1.2.3', 'flux.example.com', 'FLUX.example.com.', 'a.corp.example', 'corp.example', 'fluxo.example.org']) {
      expect((await get(`${t.url}/api/v1/clusters`, host)).status, host).toBe(200);
    }
  });
});

describe('security headers (security finding 3)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sends a strict Content Security Policy, no framing, nosniff and no referrer, on pages and API alike', async () => {
    for (const url of ['/', '/api/v1/clusters', '/api/v1/nope']) {
      const { headers } = await t.request('GET', url);
      const csp = headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(headers.get('x-frame-options')).toBe('DENY');
      expect(headers.get('x-content-type-options')).toBe('nosniff');
      expect(headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('the web app\'s page has no inline script, so the policy does not break it', () => {
    const html = readFileSync(path.resolve(import.meta.dirname, '..', '..', '..', 'web', 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc=/);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });
});
