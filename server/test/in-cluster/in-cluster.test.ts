import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import yaml from 'js-yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, type SimCluster, type SimFleet } from '@flux-orchestrator/sim';
import type { AuthorizationRule } from '@flux-orchestrator/sim/kube';
import { waitForInSync } from '../support/fleet-fixtures.js';
import { sharedTestCa } from '../support/shared-ca.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const SERVICE_ACCOUNT = { user: 'system:serviceaccount:flux-orchestrator:flux-orchestrator', groups: ['system:serviceaccounts', 'system:serviceaccounts:flux-orchestrator'] };

/** The ClusterRole the base installs, rendered by kubectl kustomize: the simulated cluster grants exactly it. */
async function installedClusterRoleRules(): Promise<AuthorizationRule[]> {
  const { stdout } = await execFileAsync('kubectl', ['kustomize', path.join(repoRoot, 'deploy/kustomize/base')]);
  const role = yaml.loadAll(stdout).find((doc) => (doc as { kind?: string }).kind === 'ClusterRole') as { rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[] };
  return role.rules.map((rule) => ({ effect: 'allow' as const, users: [SERVICE_ACCOUNT.user], apiGroups: rule.apiGroups, resources: rule.resources, verbs: rule.verbs }));
}

describe('in-cluster registration through the ServiceAccount', () => {
  let fleet: SimFleet;
  let cluster: SimCluster;
  /** The server of the running test (each test starts its own), stopped after it. */
  let t: TestServer | undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fo-in-cluster-'));

  beforeAll(async () => {
    fleet = await startFleet({ ca: await sharedTestCa(), clusters: 0, reconcileDelayMs: 20, namePrefix: 'host' });
    // Least privilege: the ServiceAccount may do what the installed ClusterRole says, nothing else.
    cluster = await fleet.addCluster({
      name: 'host-cluster',
      objects: 30,
      authorization: { rules: [{ effect: 'allow', users: ['admin'] }, ...(await installedClusterRoleRules())], defaultEffect: 'deny' },
    });
  });
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });
  afterAll(async () => {
    await fleet?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * The test's own "pod": a ServiceAccount token of its own (accepted by the host cluster), its
   * token and CA files, a data dir, and the server started with IN_CLUSTER_REGISTER on them.
   */
  async function startInCluster(): Promise<{ token: string; tokenFile: string; dataDir: string; env: Record<string, string> }> {
    const own = mkdtempSync(path.join(dir, 'pod-'));
    const token = `sa-token-${randomBytes(6).toString('hex')}`;
    cluster.api.authenticator.addStaticToken(token, SERVICE_ACCOUNT);
    const tokenFile = path.join(own, 'token');
    const caFile = path.join(own, 'ca.crt');
    const dataDir = path.join(own, 'data');
    writeFileSync(tokenFile, `${token}\n`);
    writeFileSync(caFile, cluster.api.caPem);
    mkdirSync(dataDir);
    const server = new URL(cluster.api.url);
    const env = { IN_CLUSTER_REGISTER: 'true', IN_CLUSTER_TOKEN_FILE: tokenFile, IN_CLUSTER_CA_FILE: caFile, KUBERNETES_SERVICE_HOST: server.hostname, KUBERNETES_SERVICE_PORT: server.port };
    t = await startTestServer(env, { dataDir });
    return { token, tokenFile, dataDir, env };
  }

  const health = async (id: string): Promise<{ status: string; reason: string }> => (await t!.request('GET', `/api/v1/clusters/${id}/health?refresh=true`)).json.health;
  const clusterIds = async (): Promise<string[]> => ((await t!.request('GET', '/api/v1/clusters')).json.items as { id: string }[]).map((entry) => entry.id);

  it('registers the host cluster, syncs its Flux objects with the installed ClusterRole, and keeps the token out of storage, answers and logs', async () => {
    const { token } = await startInCluster();
    const clusters = (await t!.request('GET', '/api/v1/clusters')).json.items as { id: string; name: string; server: string; auth: string }[];
    expect(clusters.map((entry) => [entry.name, entry.server])).toEqual([['in-cluster', cluster.api.url]]);
    const id = clusters[0]!.id;
    await waitForInSync(t!, id, cluster);
    expect(await health(id)).toMatchObject({ status: 'healthy' });

    const stored = (await t!.server.clusters.openKubeconfig(id)).kubeconfig;
    expect(stored).not.toContain(token);
    const answer = (await t!.request('GET', `/api/v1/clusters/${id}`)).text;
    expect(answer).not.toContain(token);
    expect(t!.logs.join('')).not.toContain(token);
  });

  it('picks up a rotated token file without a restart', async () => {
    const { token, tokenFile } = await startInCluster();
    const [id] = await clusterIds();
    expect(await health(id!)).toMatchObject({ status: 'healthy' });
    // The kubelet writes a new token; the old one stops working.
    const rotated = `${token}-rotated`;
    writeFileSync(tokenFile, `${rotated}\n`);
    cluster.api.authenticator.removeStaticToken(token);
    // Not yet valid at the API server: the check uses the file's token, so it fails.
    expect(await health(id!)).toMatchObject({ status: 'unauthorized' });
    cluster.api.authenticator.addStaticToken(rotated, SERVICE_ACCOUNT);
    expect(await health(id!)).toMatchObject({ status: 'healthy' });
    expect(t!.logs.join('')).not.toContain(rotated);
  });

  it('keeps one cluster across restarts', async () => {
    const { env, dataDir } = await startInCluster();
    const before = await clusterIds();
    expect(before).toHaveLength(1);
    await t!.close();
    t = await startTestServer(env, { dataDir });
    const after = await clusterIds();
    expect(after).toEqual(before);
    await waitForInSync(t, after[0]!, cluster);
  });
});
