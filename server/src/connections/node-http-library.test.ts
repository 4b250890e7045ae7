import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { VersionApi } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeClusterHealth } from '../health/cluster-health-probe.js';
import { ClusterConnection } from './cluster-connection.js';
import { StaticCredentialProvider } from './credentials/index.js';
import { buildKubeConfig, makeApiClient } from './kube-client-factory.js';

describe('client-node over Node http (node-http-library)', () => {
  let server: http.Server;
  let answer: (request: http.IncomingMessage, response: http.ServerResponse) => void = () => undefined;
  const seen: http.IncomingHttpHeaders[] = [];
  let versionApi: VersionApi;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      seen.push(request.headers);
      answer(request, response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const kubeConfig = buildKubeConfig({ server: `http://127.0.0.1:${port}`, insecureSkipTlsVerify: true }, { type: 'bearer-token', token: 'token-1' });
    versionApi = makeApiClient(kubeConfig, VersionApi);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends the credential and deserialises the answer', async () => {
    answer = (_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ major: '1', minor: '31', gitVersion: 'v1.31.2', platform: 'linux/amd64' }));
    };
    const version = await versionApi.getCode();
    expect(version.gitVersion).toBe('v1.31.2');
    expect(seen.at(-1)?.authorization).toBe('Bearer token-1');
  });

  it('turns an error status into client-node’s ApiException with the code', async () => {
    answer = (_request, response) => {
      response.writeHead(403, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403 }));
    };
    await expect(versionApi.getCode()).rejects.toMatchObject({ code: 403 });
  });

  it('lets the health probe reach a plain-http loopback API server (kubectl proxy)', async () => {
    answer = (request, response) => {
      response.setHeader('content-type', 'application/json');
      if (request.url === '/version') response.end(JSON.stringify({ major: '1', minor: '31', gitVersion: 'v1.31.2' }));
      else response.end(JSON.stringify({ kind: 'APIGroupList', apiVersion: 'v1', groups: [] }));
    };
    const { port } = server.address() as AddressInfo;
    const connection = new ClusterConnection({ clusterId: 'proxy', fingerprint: 'proxy', azureSubscriptionId: null }, { server: `http://127.0.0.1:${port}`, insecureSkipTlsVerify: false }, new StaticCredentialProvider({ type: 'anonymous' }));
    const report = await probeClusterHealth(connection, 5_000);
    connection.close();
    expect(report).toMatchObject({ status: 'degraded', kubernetesVersion: 'v1.31.2' });
    expect(report.reason).toMatch(/Flux is not installed/);
  });

  it('rejects when the connection drops in the middle of the body', async () => {
    answer = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      response.write('{"gitVersion":');
      setTimeout(() => response.socket?.destroy(), 10);
    };
    await expect(versionApi.getCode()).rejects.toThrow();
  });
});
