import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { promisify } from 'node:util';
import { ClientSecretCredential } from '@azure/identity';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startFleet, type ClusterPopulator, type FleetManifest, type SimFleet } from '../../src/fleet.js';
import type { KubeObject } from '../../src/store/types.js';

const execFileAsync = promisify(execFile);
const KS = 'kustomize.toolkit.fluxcd.io/kustomizations';
const AKS_SCOPE = '6dae42f8-4368-4678-94ff-3960e28e3630/.default';

/** A tiny hand-written cluster: one source, two Kustomizations and the controller pods. */
const smallCluster: ClusterPopulator = ({ store }) => {
  store.create('/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'flux-system' } });
  for (const app of ['source-controller', 'kustomize-controller', 'helm-controller']) {
    store.create('/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: `${app}-7d9c8b6f5-abcde`, namespace: 'flux-system', labels: { app } }, spec: { containers: [{ name: 'manager' }] } });
  }
  store.create('source.toolkit.fluxcd.io/gitrepositories', {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name: 'fleet', namespace: 'flux-system' },
    spec: { interval: '1m', url: 'https://github.com/example/fleet', ref: { branch: 'main' } },
  });
  for (const name of ['apps', 'infra']) {
    store.create(KS, {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name, namespace: 'flux-system' },
      spec: { interval: '10m', path: `./${name}`, prune: true, sourceRef: { kind: 'GitRepository', name: 'fleet' } },
    });
  }
};

async function waitFor<T>(probe: () => T | undefined | false, description: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function readyStatus(object: KubeObject | undefined): string | undefined {
  return ((object?.status?.conditions ?? []) as { type: string; status: string }[]).find((condition) => condition.type === 'Ready')?.status;
}

describe('startFleet', () => {
  let fleet: SimFleet;
  let outDir: string;
  const kubectl = async (kubeconfig: string, args: string[]) =>
    execFileAsync('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(outDir, 'kube-cache'), ...args], { env: { PATH: process.env.PATH ?? '/usr/bin', HOME: outDir }, timeout: 20_000 });

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'sim-fleet-test-'));
    fleet = await startFleet({ clusters: 2, azureSubscriptions: 1, outDir, populate: smallCluster, reconcileDelayMs: 20 });
  });
  afterAll(async () => {
    await fleet?.stop();
    await rm(outDir, { recursive: true, force: true });
  });

  it('writes a manifest with absolute paths, the CA and working kubeconfigs', async () => {
    const manifest = JSON.parse(await readFile(join(outDir, 'manifest.json'), 'utf8')) as FleetManifest;
    expect(manifest.clusters.map((cluster) => cluster.name)).toEqual(['cluster-001', 'cluster-002']);
    expect(isAbsolute(manifest.ca_file) && existsSync(manifest.ca_file)).toBe(true);
    for (const cluster of manifest.clusters) {
      expect(cluster.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(isAbsolute(cluster.kubeconfig)).toBe(true);
    }
    const { stdout } = await kubectl(manifest.clusters[0]!.kubeconfig, ['get', 'kustomizations', '-A', '-o', 'name']);
    expect(stdout.trim().split('\n')).toEqual(['kustomization.kustomize.toolkit.fluxcd.io/apps', 'kustomization.kustomize.toolkit.fluxcd.io/infra']);
    expect(manifest.azure?.subscriptions).toHaveLength(1);
    expect(manifest.azure?.subscriptions[0]).toMatchObject({ cluster_count: 3, name: 'sim-subscription-1' });
    expect(manifest.azure?.authority_host).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    // The controllers' --requeue-dependency, Flux's default unless the fleet sets one.
    expect(manifest.requeue_dependency).toBe('30s');
  });

  it('turns a kubectl reconcile annotation into lastHandledReconcileAt and a Ready event', async () => {
    const cluster = fleet.cluster('cluster-001');
    await waitFor(() => readyStatus(cluster.store.get(KS, 'flux-system', 'apps')) === 'True', 'apps to become Ready');
    const succeeded = () =>
      cluster.store
        .list('/events', { namespace: 'flux-system', fieldSelector: 'involvedObject.name=apps,reason=ReconciliationSucceeded' })
        .items.reduce((sum, event) => sum + Number(event.count ?? 1), 0);
    const before = succeeded();
    const requestedAt = new Date().toISOString();
    await kubectl(cluster.kubeconfigPath!, ['annotate', '--overwrite', '-n', 'flux-system', 'kustomization/apps', `reconcile.fluxcd.io/requestedAt=${requestedAt}`]);
    await waitFor(() => cluster.store.get(KS, 'flux-system', 'apps')?.status?.lastHandledReconcileAt === requestedAt, 'lastHandledReconcileAt');
    await waitFor(() => succeeded() > before, 'a new ReconciliationSucceeded event');
    const { stdout } = await kubectl(cluster.kubeconfigPath!, ['get', 'events', '-n', 'flux-system', '--field-selector', 'involvedObject.name=apps', '-o', 'json']);
    const reasons = (JSON.parse(stdout) as { items: { reason: string }[] }).items.map((event) => event.reason);
    expect(reasons).toContain('ReconciliationSucceeded');
  });

  it('adds and removes clusters, keeping the manifest current', async () => {
    const added = await fleet.addCluster({ name: 'late-cluster', fluxVersion: '2.2' });
    expect(added.api.registry.versionsOf('helm.toolkit.fluxcd.io')).toEqual(['v2beta2', 'v2beta1']);
    const withLate = JSON.parse(await readFile(join(outDir, 'manifest.json'), 'utf8')) as FleetManifest;
    expect(withLate.clusters.find((cluster) => cluster.name === 'late-cluster')?.flux_version).toBe('v2.2.3');
    const config = parse(added.kubeconfig('another-token')) as { users: { user: { token: string } }[] };
    expect(config.users[0]?.user.token).toBe('another-token');
    await fleet.removeCluster('late-cluster');
    const without = JSON.parse(await readFile(join(outDir, 'manifest.json'), 'utf8')) as FleetManifest;
    expect(without.clusters.map((cluster) => cluster.name)).not.toContain('late-cluster');
    expect(() => fleet.cluster('late-cluster')).toThrow(/no cluster named late-cluster/);
  });

  it('backs every AKS cluster with an API server that accepts Entra ID tokens', async () => {
    const subscription = fleet.subscriptions[0]!;
    const credential = new ClientSecretCredential(subscription.tenantId, subscription.clientId, subscription.clientSecret, {
      authorityHost: fleet.azure!.authorityHost,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: fleet.ca.certPem },
    });
    const arm = new ContainerServiceClient(credential, subscription.subscriptionId, {
      endpoint: fleet.azure!.resourceManagerEndpoint,
      credentialScopes: [`${fleet.azure!.resourceManagerAudience}/.default`],
      tlsOptions: { ca: fleet.ca.certPem },
    } as ConstructorParameters<typeof ContainerServiceClient>[2]);
    const managed = [];
    for await (const cluster of arm.managedClusters.list()) managed.push(cluster);
    expect(managed.map((cluster) => cluster.name).sort()).toEqual(subscription.clusters.map((cluster) => cluster.name).sort());

    const entraCluster = managed.find((cluster) => cluster.aadProfile && !cluster.disableLocalAccounts)!;
    const credentials = await arm.managedClusters.listClusterUserCredentials(entraCluster.id!.split('/')[4]!, entraCluster.name!);
    const kubeconfig = parse(Buffer.from(credentials.kubeconfigs![0]!.value!).toString('utf8')) as { clusters: { cluster: { server: string } }[]; users: { user: { exec?: { command: string } } }[] };
    expect(kubeconfig.users[0]?.user.exec?.command).toBe('kubelogin');
    const backing = fleet.cluster(entraCluster.name!);
    expect(kubeconfig.clusters[0]?.cluster.server).toBe(backing.server);

    // What kubelogin would do: an Entra token for the AKS server app, sent as a bearer token.
    const token = await credential.getToken(AKS_SCOPE);
    const response = await fetchWithCa(`${backing.server}/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations`, token!.token, fleet.ca.certPem);
    expect(response.status).toBe(200);
    expect((JSON.parse(response.text) as { items: unknown[] }).items).toHaveLength(2);
    expect((await fetchWithCa(`${backing.server}/api/v1/namespaces`, 'not-a-token', fleet.ca.certPem)).status).toBe(401);

    // A local-accounts cluster: its user kubeconfig carries a client certificate kubectl can use.
    const localCluster = managed.find((cluster) => !cluster.aadProfile)!;
    const local = await arm.managedClusters.listClusterUserCredentials(localCluster.id!.split('/')[4]!, localCluster.name!);
    const localConfig = parse(Buffer.from(local.kubeconfigs![0]!.value!).toString('utf8')) as { users: { user: Record<string, string> }[] };
    const { token: _token, ...certificateOnly } = localConfig.users[0]!.user;
    expect(certificateOnly['client-certificate-data']).toBeTruthy();
    localConfig.users[0]!.user = certificateOnly;
    const path = join(outDir, 'aks-local.yaml');
    await writeFile(path, stringify(localConfig));
    const { stdout } = await kubectl(path, ['get', 'kustomizations', '-A', '-o', 'name']);
    expect(stdout.trim().split('\n')).toHaveLength(2);
  });
});

describe('startFleet with requeueDependencyMs', () => {
  it('retries a Kustomization whose dependency is not ready after the fleet\'s interval, and says so', async () => {
    const fleet = await startFleet({ clusters: 1, objectsPerCluster: 0, populate: smallCluster, reconcileDelayMs: 10, requeueDependencyMs: 200 });
    try {
      expect(fleet.manifest().requeue_dependency).toBe('200ms');
      const cluster = fleet.cluster('cluster-001');
      await waitFor(() => readyStatus(cluster.store.get(KS, 'flux-system', 'infra')) === 'True', 'infra Ready');
      // infra fails from its next reconcile on; a Kustomization that depends on it waits.
      const infra = cluster.store.get(KS, 'flux-system', 'infra')!;
      const failing = { 'sim.flux-orchestrator.dev/fail-reason': 'HealthCheckFailed', 'sim.flux-orchestrator.dev/fail-message': 'timeout waiting for: [Deployment/infra/ingress status: InProgress]' };
      cluster.store.update(KS, { ...infra, metadata: { ...infra.metadata, annotations: failing, resourceVersion: undefined }, spec: { ...infra.spec, interval: '5m' } }, { preserveStatus: true });
      await waitFor(() => readyStatus(cluster.store.get(KS, 'flux-system', 'infra')) === 'False', 'infra failing');
      cluster.store.create(KS, {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: 'web', namespace: 'flux-system' },
        spec: { interval: '10m', path: './web', prune: true, dependsOn: [{ name: 'infra' }], sourceRef: { kind: 'GitRepository', name: 'fleet' } },
      });
      await waitFor(() => readyStatus(cluster.store.get(KS, 'flux-system', 'web')) === 'False', 'web DependencyNotReady');
      const event = await waitFor(() => cluster.store.list('/events', { namespace: 'flux-system', fieldSelector: 'involvedObject.name=web,reason=DependencyNotReady' }).items[0], 'the DependencyNotReady event');
      expect(event.message).toBe('Dependencies do not meet ready condition, retrying in 200ms');

      // infra recovers; web notices at its next retry.
      const current = cluster.store.get(KS, 'flux-system', 'infra')!;
      cluster.store.update(KS, { ...current, metadata: { ...current.metadata, annotations: {}, resourceVersion: undefined }, spec: { ...current.spec, interval: '10m' } }, { preserveStatus: true });
      await waitFor(() => readyStatus(cluster.store.get(KS, 'flux-system', 'web')) === 'True', 'web Ready after infra');
    } finally {
      await fleet.stop();
    }
    await expect(startFleet({ clusters: 1, requeueDependencyMs: 0 })).rejects.toThrow('requeueDependencyMs must be a positive number of milliseconds, got 0');
  });
});

describe('startFleet with basePort', () => {
  it('gives cluster i port basePort + i, added clusters the next port, and never reuses a removed cluster\'s', async () => {
    const { createServer } = await import('node:net');
    // A free range: ask the system for a port and take the few after it (the test fails loudly if one is taken).
    const probe = createServer();
    const first = await new Promise<number>((resolve) => probe.listen(0, '127.0.0.1', () => resolve((probe.address() as { port: number }).port)));
    await new Promise((done) => probe.close(done));
    const basePort = Math.min(first, 65_531);
    const fleet = await startFleet({ clusters: 2, objectsPerCluster: 0, populate: smallCluster, basePort });
    try {
      // By name, not by which cluster came up first (they start in parallel).
      expect(['cluster-001', 'cluster-002'].map((name) => fleet.cluster(name).api.port)).toEqual([basePort, basePort + 1]);
      const added = await fleet.addCluster({ name: 'added' });
      expect(added.server).toBe(`https://127.0.0.1:${basePort + 2}`);
      await fleet.removeCluster('added');
      expect((await fleet.addCluster({ name: 'again' })).api.port).toBe(basePort + 3);
    } finally {
      await fleet.stop();
    }
    await expect(startFleet({ clusters: 1, basePort: 70_000 })).rejects.toThrow('basePort must be a port number (1-65535), got 70000');
  });
});

async function fetchWithCa(url: string, token: string, ca: string): Promise<{ status: number; text: string }> {
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, headers: { Authorization: `Bearer ${token}` } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}
