import { afterEach, describe, expect, it } from 'vitest';
import { FluxControllerSimulator } from '../../src/flux/flux-controller-simulator.js';
import type { KubeObject } from '../../src/store/types.js';
import { startFluxApiCluster } from './flux-api-cluster.js';
import type { FluxApiCluster } from './flux-api-cluster.js';
import { BUCKET, condition, eventsFor, GIT, HELMREPO, IMAGEREPO, KS, newCluster, OCIREPO, waitFor, waitForReady } from './flux-test-helpers.js';

const clusters: FluxApiCluster[] = [];
const simulators: FluxControllerSimulator[] = [];
afterEach(async () => {
  for (const simulator of simulators.splice(0)) simulator.stop();
  await Promise.all(clusters.splice(0).map((cluster) => cluster.close()));
});

function secret(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'flux-system' }, type: 'Opaque', data: { username: 'Z2l0' } };
}

function object(apiVersion: string, kind: string, name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion, kind, metadata: { name, namespace: 'flux-system' }, spec: { interval: '1m', ...spec } };
}

/** A GitRepository of a private repository over https, with its credentials in the Secret `git-auth`. */
const PRIVATE_REPO = `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: private
  namespace: flux-system
spec:
  interval: 1m
  url: https://github.com/acme/private
  ref:
    branch: main
  secretRef:
    name: git-auth
`;

describe('sources whose Secrets are missing', () => {
  it('fail a GitRepository with AuthenticationFailed, hold its Kustomization, and recover when the Secret is created with kubectl', async () => {
    const cluster = await startFluxApiCluster();
    clusters.push(cluster);
    await cluster.create(`${PRIVATE_REPO}---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: private-apps
  namespace: flux-system
spec:
  interval: 10m
  path: ./apps
  prune: true
  sourceRef:
    kind: GitRepository
    name: private
`);
    const failed = await waitForReady(cluster.store, GIT, 'flux-system', 'private', 'False', 'AuthenticationFailed');
    const message = `failed to get secret 'flux-system/git-auth': secrets "git-auth" not found`;
    expect(condition(failed, 'Ready')?.message).toBe(message);
    expect(condition(failed, 'FetchFailed')).toMatchObject({ status: 'True', reason: 'AuthenticationFailed', message });
    expect(condition(failed, 'Reconciling')).toMatchObject({ status: 'True', reason: 'ProgressingWithRetry' });
    expect(condition(failed, 'Stalled')).toBeUndefined();
    expect(failed.status?.artifact).toBeUndefined();
    expect(eventsFor(cluster.store, 'private').find((event) => event.type === 'Warning')).toMatchObject({ reason: 'AuthenticationFailed', message, source: { component: 'source-controller' } });
    const held = await waitForReady(cluster.store, KS, 'flux-system', 'private-apps', 'False', 'ArtifactFailed');
    expect(condition(held, 'Ready')?.message).toBe('Source artifact not found, retrying in 30s');

    // kubectl shows what Flux shows.
    const seen = await cluster.getJsonWhen('gitrepositories', 'flux-system', 'private', (object) => condition(object, 'Ready')?.status === 'False');
    expect(condition(seen, 'Ready')).toMatchObject({ status: 'False', reason: 'AuthenticationFailed', message });

    await cluster.run(['create', 'secret', 'generic', 'git-auth', '-n', 'flux-system', '--from-literal=username=git', '--from-literal=password=not-a-real-token']);
    const ready = await waitForReady(cluster.store, GIT, 'flux-system', 'private', 'True', 'Succeeded');
    const revision = (ready.status?.artifact as { revision: string }).revision;
    expect(revision).toMatch(/^main@sha1:[0-9a-f]{40}$/);
    expect(condition(ready, 'FetchFailed')).toBeUndefined();
    const applied = await waitForReady(cluster.store, KS, 'flux-system', 'private-apps', 'True');
    expect(applied.status?.lastAppliedRevision).toBe(revision);
  });

  it('fails each source kind with its controller message for each secret field, and recovers when the Secret appears', async () => {
    const { store, logs } = newCluster();
    const simulator = new FluxControllerSimulator({ store, logs, reconcileDelayMs: 5, timeScale: 0.001 });
    simulators.push(simulator);
    simulator.start();
    const cases: Array<{ groupResource: string; object: KubeObject; secretName: string; message: string }> = [
      {
        groupResource: OCIREPO,
        object: object('source.toolkit.fluxcd.io/v1', 'OCIRepository', 'oci', { url: 'oci://ghcr.io/stefanprodan/manifests/podinfo', ref: { tag: 'latest' }, secretRef: { name: 'oci-auth' } }),
        secretName: 'oci-auth',
        message: `failed to get credential: failed to get secret 'flux-system/oci-auth': secrets "oci-auth" not found`,
      },
      {
        groupResource: OCIREPO,
        object: object('source.toolkit.fluxcd.io/v1', 'OCIRepository', 'oci-proxy', { url: 'oci://ghcr.io/acme/app', proxySecretRef: { name: 'proxy' } }),
        secretName: 'proxy',
        message: `failed to get proxy address: failed to get secret 'flux-system/proxy': secrets "proxy" not found`,
      },
      {
        groupResource: HELMREPO,
        object: object('source.toolkit.fluxcd.io/v1', 'HelmRepository', 'charts', { url: 'https://charts.example.com', secretRef: { name: 'helm-auth' } }),
        secretName: 'helm-auth',
        message: `failed to get authentication secret 'flux-system/helm-auth': secrets "helm-auth" not found`,
      },
      {
        groupResource: HELMREPO,
        object: object('source.toolkit.fluxcd.io/v1', 'HelmRepository', 'charts-tls', { url: 'https://charts.example.com', certSecretRef: { name: 'helm-tls' } }),
        secretName: 'helm-tls',
        message: `failed to get TLS authentication secret 'flux-system/helm-tls': secrets "helm-tls" not found`,
      },
      {
        groupResource: BUCKET,
        object: object('source.toolkit.fluxcd.io/v1', 'Bucket', 'bucket', { bucketName: 'manifests', endpoint: 'minio.example.com:9000', secretRef: { name: 'minio' } }),
        secretName: 'minio',
        message: `failed to get secret 'flux-system/minio': secrets "minio" not found`,
      },
      {
        groupResource: IMAGEREPO,
        object: object('image.toolkit.fluxcd.io/v1', 'ImageRepository', 'image', { image: 'ghcr.io/acme/app', secretRef: { name: 'regcred' } }),
        secretName: 'regcred',
        message: `failed to configure authentication options: failed to get secret 'flux-system/regcred': secrets "regcred" not found`,
      },
    ];
    for (const { groupResource, object: source } of cases) store.create(groupResource, source);
    for (const { groupResource, object: source, message } of cases) {
      const failed = await waitForReady(store, groupResource, 'flux-system', source.metadata.name, 'False', 'AuthenticationFailed');
      expect(condition(failed, 'Ready')?.message, source.metadata.name).toBe(message);
    }
    for (const { secretName } of cases) store.create('/secrets', secret(secretName));
    for (const { groupResource, object: source } of cases) {
      const ready = await waitForReady(store, groupResource, 'flux-system', source.metadata.name, 'True');
      expect(ready.status?.observedGeneration, source.metadata.name).toBe(1);
    }
    expect(store.get(OCIREPO, 'flux-system', 'oci')?.status?.artifact).toMatchObject({ revision: expect.stringMatching(/^latest@sha256:[0-9a-f]{64}$/) });
  });

  it('retries a missing Secret on the interval, as Flux requeues it', async () => {
    const { store, logs } = newCluster();
    const simulator = new FluxControllerSimulator({ store, logs, reconcileDelayMs: 5, timeScale: 0.0005 });
    simulators.push(simulator);
    simulator.start();
    store.create(GIT, object('source.toolkit.fluxcd.io/v1', 'GitRepository', 'retried', { url: 'https://github.com/acme/retried', secretRef: { name: 'later' } }));
    // Three attempts in Flux time: the aggregated Warning event counts them.
    await waitFor(() => {
      const warning = eventsFor(store, 'retried').find((event) => event.reason === 'AuthenticationFailed');
      return Number(warning?.count ?? 0) >= 3;
    }, 'three failed attempts');
    expect(condition(store.get(GIT, 'flux-system', 'retried'), 'Ready')?.status).toBe('False');
    store.create('/secrets', secret('later'));
    await waitForReady(store, GIT, 'flux-system', 'retried', 'True', 'Succeeded');
  });
});

/** An Opaque Secret in flux-system holding `data` (plain text, stored base64 as the API server does). */
function secretWith(name: string, data: Record<string, string>): KubeObject {
  const encoded = Object.fromEntries(Object.entries(data).map(([key, value]) => [key, Buffer.from(value).toString('base64')]));
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'flux-system' }, type: 'Opaque', data: encoded };
}

describe('GitRepository Secrets that hold nothing the transport can use', () => {
  it('fails an https clone without credentials as an anonymous clone of a private repository, and recovers when kubectl adds them', async () => {
    const cluster = await startFluxApiCluster();
    clusters.push(cluster);
    await cluster.run(['create', 'secret', 'generic', 'git-auth', '-n', 'flux-system', '--from-literal=identity=x']);
    await cluster.create(PRIVATE_REPO);
    const message = "failed to checkout and determine revision: unable to clone 'https://github.com/acme/private': authentication required";
    const failed = await waitForReady(cluster.store, GIT, 'flux-system', 'private', 'False', 'GitOperationFailed');
    expect(condition(failed, 'Ready')?.message).toBe(message);
    expect(condition(failed, 'FetchFailed')).toMatchObject({ status: 'True', reason: 'GitOperationFailed', message });
    expect(failed.status?.artifact).toBeUndefined();
    const seen = await cluster.getJsonWhen('gitrepositories', 'flux-system', 'private', (object) => condition(object, 'Ready')?.status === 'False');
    expect(condition(seen, 'Ready')).toMatchObject({ reason: 'GitOperationFailed', message });

    // A token as the password of a user: the next attempt (woken by the Secret's change) succeeds.
    const credentials = { username: Buffer.from('git').toString('base64'), password: Buffer.from('token').toString('base64') };
    await cluster.run(['patch', 'secret', 'git-auth', '-n', 'flux-system', '--type=merge', '-p', JSON.stringify({ data: credentials })]);
    await waitForReady(cluster.store, GIT, 'flux-system', 'private', 'True', 'Succeeded');
  });

  it('reads credentials applied as stringData, which the API server merged into data', async () => {
    const cluster = await startFluxApiCluster();
    clusters.push(cluster);
    const stringDataSecret = (name: string, entries: Record<string, string>) =>
      `apiVersion: v1\nkind: Secret\nmetadata: { name: ${name}, namespace: flux-system }\nstringData: ${JSON.stringify(entries)}\n`;
    // A password alone is refused, so the stringData keys are what source-controller sees.
    await cluster.run(['apply', '-f', await cluster.writeManifest('git-auth-1.yaml', stringDataSecret('git-auth', { password: 'token' }))]);
    await cluster.create(PRIVATE_REPO);
    const refused = await waitForReady(cluster.store, GIT, 'flux-system', 'private', 'False', 'AuthenticationFailed');
    expect(condition(refused, 'Ready')?.message).toBe("failed to configure authentication options: invalid 'https' auth option: 'password' requires 'username' to be set");
    await cluster.run(['apply', '-f', await cluster.writeManifest('git-auth-2.yaml', stringDataSecret('git-auth', { username: 'git', password: 'token' }))]);
    await waitForReady(cluster.store, GIT, 'flux-system', 'private', 'True', 'Succeeded');
    const stored = await cluster.getJson('secret', 'flux-system', 'git-auth');
    expect(stored).not.toHaveProperty('stringData');
    expect(stored.data).toEqual({ password: Buffer.from('token').toString('base64'), username: Buffer.from('git').toString('base64') });

    // Over ssh: a key and known hosts, written as plain text.
    await cluster.run(['apply', '-f', await cluster.writeManifest('ssh-auth.yaml', stringDataSecret('ssh-auth', { identity: 'PRIVATE KEY', known_hosts: 'github.com ssh-ed25519 AAAA' }))]);
    await cluster.create(PRIVATE_REPO.replace('name: private', 'name: private-ssh').replace('https://github.com/acme/private', 'ssh://git@github.com/acme/private').replace('name: git-auth', 'name: ssh-auth'));
    await waitForReady(cluster.store, GIT, 'flux-system', 'private-ssh', 'True', 'Succeeded');
  });

  it('refuses the auth options as source-controller does: ssh without identity or known_hosts, a password without a username', async () => {
    const { store, logs } = newCluster();
    const simulator = new FluxControllerSimulator({ store, logs, reconcileDelayMs: 5, timeScale: 0.001 });
    simulators.push(simulator);
    simulator.start();
    const cases: Array<{ name: string; url: string; data: Record<string, string>; message: string }> = [
      { name: 'ssh-empty', url: 'ssh://git@github.com/acme/fleet', data: { username: 'git', password: 'token' }, message: "invalid 'ssh' auth option: 'identity' is required" },
      { name: 'ssh-no-known-hosts', url: 'ssh://git@github.com/acme/fleet', data: { identity: 'PRIVATE KEY' }, message: "invalid 'ssh' auth option: 'known_hosts' is required" },
      { name: 'https-password-only', url: 'https://github.com/acme/fleet', data: { password: 'token' }, message: "invalid 'https' auth option: 'password' requires 'username' to be set" },
    ];
    for (const { name, url, data } of cases) {
      store.create('/secrets', secretWith(name, data));
      store.create(GIT, object('source.toolkit.fluxcd.io/v1', 'GitRepository', name, { url, ref: { branch: 'main' }, secretRef: { name } }));
    }
    for (const { name, message } of cases) {
      const failed = await waitForReady(store, GIT, 'flux-system', name, 'False', 'AuthenticationFailed');
      expect(condition(failed, 'Ready')?.message, name).toBe(`failed to configure authentication options: ${message}`);
    }
    // What each transport can use: a key pair with known hosts, a bearer token, a user from the URL.
    const usable: Array<{ name: string; url: string; data: Record<string, string> }> = [
      { name: 'ssh-key', url: 'ssh://git@github.com/acme/fleet', data: { identity: 'PRIVATE KEY', known_hosts: 'github.com ssh-ed25519 AAAA' } },
      { name: 'https-bearer', url: 'https://github.com/acme/fleet', data: { bearerToken: 'token' } },
      { name: 'https-url-user', url: 'https://git@github.com/acme/fleet', data: { password: 'token' } },
    ];
    for (const { name, url, data } of usable) {
      store.create('/secrets', secretWith(name, data));
      store.create(GIT, object('source.toolkit.fluxcd.io/v1', 'GitRepository', name, { url, ref: { branch: 'main' }, secretRef: { name } }));
    }
    for (const { name } of usable) await waitForReady(store, GIT, 'flux-system', name, 'True', 'Succeeded');
    // Fixing a refused Secret is picked up without waiting for the interval.
    store.update('/secrets', { ...store.get('/secrets', 'flux-system', 'ssh-no-known-hosts')!, data: secretWith('x', { identity: 'PRIVATE KEY', known_hosts: 'github.com ssh-ed25519 AAAA' }).data });
    await waitForReady(store, GIT, 'flux-system', 'ssh-no-known-hosts', 'True', 'Succeeded');
  });
});
