import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKubeconfig } from '../support/kubeconfig-builder.js';
import { sharedTestCa } from '../support/shared-ca.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * Security finding 6: a cluster "server" that is something else (a web app, an internal API)
 * must be reported as not a Kubernetes API server, without reflecting what it answered: the
 * health reason and Kubernetes version would otherwise read other services for the caller.
 */
describe('a server URL that is not a Kubernetes API server', () => {
  let t: TestServer;
  const impostors = new Map<string, Server>();
  let caData: string;
  const MARKER = 'internal-service-banner-4d1c';
  // What each impostor answers to every request.
  const answers: Record<string, { status: number; type: string; body: string }> = {
    html: { status: 200, type: 'text/html', body: `<html><title>${MARKER}</title></html>` },
    json: { status: 200, type: 'application/json', body: JSON.stringify({ gitVersion: `${MARKER} <script>`, build: MARKER }) },
    teapot: { status: 418, type: 'text/plain', body: MARKER },
  };

  beforeAll(async () => {
    const ca = await sharedTestCa();
    const certificate = await ca.issueServerCertificate({ hosts: ['127.0.0.1'] });
    caData = Buffer.from(ca.certPem).toString('base64');
    for (const [kind, answer] of Object.entries(answers)) {
      const impostor = createServer({ cert: certificate.certPem, key: certificate.keyPem }, (_request, response) => {
        response.writeHead(answer.status, { 'content-type': answer.type }).end(answer.body);
      });
      await new Promise<void>((resolve) => impostor.listen(0, '127.0.0.1', resolve));
      impostors.set(kind, impostor);
    }
    t = await startTestServer();
  });
  afterAll(async () => {
    await t?.close();
    for (const impostor of impostors.values()) await new Promise((resolve) => impostor.close(resolve));
  });

  it.each(['html', 'json', 'teapot'])('reports the %s answer as not Kubernetes, echoing nothing of it', async (kind) => {
    const server = `https://127.0.0.1:${(impostors.get(kind)!.address() as AddressInfo).port}`;
    const created = await t.request('POST', '/api/v1/clusters', { name: `impostor-${kind}`, kubeconfig: buildKubeconfig({ server, caData }) });
    expect(created.status).toBe(201);
    const detail = await t.request('GET', `/api/v1/clusters/${created.json.id}/health?refresh=true`);
    expect(detail.json.health).toMatchObject({ status: 'unreachable', kubernetes_version: null, reason: expect.stringMatching(/^not a Kubernetes API server/) });
    expect(detail.text).not.toContain(MARKER);
  });
});
