import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TokenRejectedError } from '../../src/contracts.js';
import { ADMIN_TOKEN, startKubeTestCluster, type KubeTestCluster } from './kube-test-cluster.js';
import { rawRequest, watchEvents, type RawRequestOptions } from './raw-client.js';

const KS_PATH = '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations';
const KUSTOMIZATIONS = 'kustomize.toolkit.fluxcd.io/kustomizations';

describe('simulated API server protocol', () => {
  let cluster: KubeTestCluster;
  const call = (path: string, options: Partial<RawRequestOptions> = {}) =>
    rawRequest(`${cluster.server.url}${path}`, { ca: cluster.server.caPem, token: ADMIN_TOKEN, ...options });

  beforeAll(async () => {
    cluster = await startKubeTestCluster({
      bookmarkIntervalMs: 50,
      authenticators: [
        (token) => {
          if (!token.startsWith('jwt.')) return null;
          if (token === 'jwt.expired') throw new TokenRejectedError('token expired');
          return { user: 'entra-user', groups: ['entra-group'] };
        },
      ],
    });
  });
  afterEach(async () => {
    await cluster.server.faults.clear();
    cluster.server.authorizer.setPolicy({ rules: [] });
  });
  afterAll(async () => {
    await cluster?.close();
  });

  describe('discovery', () => {
    it('serves version, health and the group list without and with auth', async () => {
      const version = await call('/version', { token: undefined });
      expect(version.json()).toMatchObject({ major: '1', minor: '31', gitVersion: 'v1.31.4' });
      expect((await call('/healthz', { token: undefined })).text).toBe('ok');
      expect((await call('/apis', { token: undefined })).status).toBe(401);
      // A token that does not authenticate is refused even where anonymous access is allowed.
      expect((await call('/version', { token: 'not-a-valid-token' })).status).toBe(401);
      const groups = (await call('/apis', { headers: { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' } })).json<{ kind: string; groups: { name: string; preferredVersion: { version: string } }[] }>();
      expect(groups.kind).toBe('APIGroupList');
      expect(groups.groups.find((group) => group.name === 'helm.toolkit.fluxcd.io')?.preferredVersion.version).toBe('v2');
      expect(groups.groups.map((group) => group.name)).toEqual(expect.arrayContaining(['apps', 'events.k8s.io', 'apiextensions.k8s.io', 'source.toolkit.fluxcd.io', 'fluxcd.controlplane.io']));
      expect((await call('/api')).json()).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    });

    it('lists resources with verbs, short names and subresources', async () => {
      type ResourceList = { groupVersion: string; resources: { name: string; kind: string; namespaced: boolean; verbs: string[]; shortNames?: string[] }[] };
      const flux = (await call('/apis/kustomize.toolkit.fluxcd.io/v1')).json<ResourceList>();
      expect(flux.groupVersion).toBe('kustomize.toolkit.fluxcd.io/v1');
      expect(flux.resources.map((resource) => resource.name)).toEqual(['kustomizations', 'kustomizations/status']);
      expect(flux.resources[0]).toMatchObject({ kind: 'Kustomization', namespaced: true, shortNames: ['ks'] });
      expect(flux.resources[0]!.verbs).toEqual(expect.arrayContaining(['get', 'list', 'watch', 'patch']));
      const core = (await call('/api/v1')).json<ResourceList>();
      expect(core.resources.map((resource) => resource.name)).toEqual(expect.arrayContaining(['pods', 'pods/log', 'namespaces', 'events', 'secrets', 'serviceaccounts']));
      const apps = (await call('/apis/apps/v1')).json<ResourceList>();
      expect(apps.resources.find((resource) => resource.name === 'deployments/scale')).toMatchObject({ kind: 'Scale' });
      expect((await call('/apis/unknown.example.com/v1')).status).toBe(404);
    });
  });

  describe('reads', () => {
    it('filters lists by label and field selector and rejects a bad selector', async () => {
      const byLabel = (await call(`${KS_PATH}?labelSelector=${encodeURIComponent('app.kubernetes.io/part-of=infra')}`)).json<{ kind: string; items: { metadata: { name: string } }[] }>();
      expect(byLabel.kind).toBe('KustomizationList');
      expect(byLabel.items.map((item) => item.metadata.name)).toEqual(['infra-configs', 'infra-controllers']);
      const byField = (await call(`${KS_PATH}?fieldSelector=metadata.name%3Dapps`)).json<{ items: unknown[] }>();
      expect(byField.items).toHaveLength(1);
      const bad = await call(`${KS_PATH}?labelSelector=${encodeURIComponent('a in (b')}`);
      expect(bad.status).toBe(400);
      expect(bad.json()).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
    });

    it('answers NotFound Status bodies for missing objects and unknown resources', async () => {
      const missing = await call(`${KS_PATH}/nope`);
      expect(missing.status).toBe(404);
      expect(missing.json()).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'kustomizations.kustomize.toolkit.fluxcd.io "nope" not found',
        reason: 'NotFound',
        details: { name: 'nope', group: 'kustomize.toolkit.fluxcd.io', kind: 'kustomizations' },
        code: 404,
      });
      expect((await call('/apis/kustomize.toolkit.fluxcd.io/v1/widgets')).status).toBe(404);
    });
  });

  describe('writes', () => {
    it('creates, conflicts on a duplicate, validates names and drops status on create', async () => {
      const spec = { interval: '10m', path: './x', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } };
      const body = { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'created' }, spec, status: { observedGeneration: 7 } };
      const created = await call(KS_PATH, { method: 'POST', body });
      expect(created.status).toBe(201);
      expect(created.json()).toMatchObject({ metadata: { name: 'created', namespace: 'flux-system', generation: 1 } });
      expect(created.json().status).toBeUndefined();
      const duplicate = await call(KS_PATH, { method: 'POST', body });
      expect(duplicate.status).toBe(409);
      expect(duplicate.json()).toMatchObject({ reason: 'AlreadyExists', message: 'kustomizations.kustomize.toolkit.fluxcd.io "created" already exists' });
      const invalid = await call(KS_PATH, { method: 'POST', body: { ...body, metadata: { name: 'Not_Valid' } } });
      expect(invalid.status).toBe(422);
      expect(invalid.json()).toMatchObject({ reason: 'Invalid' });
    });

    it('updates with optimistic concurrency and writes status only through /status', async () => {
      const current = (await call(`${KS_PATH}/apps`)).json<{ metadata: { resourceVersion: string }; spec: Record<string, unknown>; status: Record<string, unknown> }>();
      const put = await call(`${KS_PATH}/apps`, { method: 'PUT', body: { ...current, spec: { ...current.spec, prune: true }, status: { observedGeneration: 42 } } });
      expect(put.status).toBe(200);
      expect(put.json()).toMatchObject({ spec: { prune: true }, status: { observedGeneration: 1 } });
      const stale = await call(`${KS_PATH}/apps`, { method: 'PUT', body: current });
      expect(stale.status).toBe(409);
      expect(stale.json()).toMatchObject({ reason: 'Conflict' });
      expect(stale.json().message).toContain('the object has been modified');
      const fresh = put.json<typeof current>();
      const status = await call(`${KS_PATH}/apps/status`, { method: 'PUT', body: { ...fresh, spec: { path: 'ignored' }, status: { observedGeneration: 2 } } });
      expect(status.json()).toMatchObject({ spec: { prune: true }, status: { observedGeneration: 2 } });
    });

    it('applies JSON patches, wants a field manager for server-side apply and refuses strategic merge on custom resources', async () => {
      const patched = await call(`${KS_PATH}/infra-configs`, {
        method: 'PATCH',
        contentType: 'application/json-patch+json',
        body: [{ op: 'add', path: '/metadata/labels/team', value: 'platform' }, { op: 'replace', path: '/spec/path', value: './infra/configs' }],
      });
      expect(patched.status).toBe(200);
      expect(patched.json()).toMatchObject({ metadata: { labels: { team: 'platform' } }, spec: { path: './infra/configs' } });
      const failedTest = await call(`${KS_PATH}/infra-configs`, { method: 'PATCH', contentType: 'application/json-patch+json', body: [{ op: 'test', path: '/spec/path', value: 'other' }] });
      expect(failedTest.status).toBe(422);
      expect((await call(`${KS_PATH}/infra-configs`, { method: 'PATCH', contentType: 'application/apply-patch+yaml', body: '{}' })).status).toBe(422);
      expect((await call(`${KS_PATH}/infra-configs`, { method: 'PATCH', contentType: 'application/strategic-merge-patch+json', body: {} })).status).toBe(415);
      const status = await call(`${KS_PATH}/infra-configs/status`, { method: 'PATCH', contentType: 'application/merge-patch+json', body: { status: { lastHandledReconcileAt: 'x' } } });
      expect(status.json()).toMatchObject({ status: { lastHandledReconcileAt: 'x', observedGeneration: 1 } });
    });

    it('serves the same objects under every served version', async () => {
      const v2beta2 = await call('/apis/helm.toolkit.fluxcd.io/v2beta2/namespaces/apps/helmreleases/podinfo');
      expect(v2beta2.json()).toMatchObject({ apiVersion: 'helm.toolkit.fluxcd.io/v2beta2', kind: 'HelmRelease', metadata: { name: 'podinfo' } });
    });

    it('deletes and reports the deleted object', async () => {
      cluster.store.create('/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'doomed', namespace: 'default' } });
      const deleted = await call('/api/v1/namespaces/default/configmaps/doomed', { method: 'DELETE' });
      expect(deleted.status).toBe(200);
      expect(cluster.store.get('/configmaps', 'default', 'doomed')).toBeUndefined();
      expect((await call('/api/v1/namespaces/default/configmaps/doomed', { method: 'DELETE' })).status).toBe(404);
    });
  });

  describe('watch', () => {
    it('replays from a resourceVersion, then ends at timeoutSeconds', async () => {
      const from = cluster.store.currentResourceVersion();
      const current = cluster.store.get(KUSTOMIZATIONS, 'flux-system', 'apps')!;
      cluster.store.update(KUSTOMIZATIONS, { ...current, metadata: { ...current.metadata, labels: { changed: 'yes' } } });
      const response = await call(`${KS_PATH}?watch=true&resourceVersion=${from}&timeoutSeconds=1`);
      const events = watchEvents(response.text);
      expect(events.map((event) => event.type)).toEqual(['MODIFIED']);
      expect(events[0]!.object).toMatchObject({ kind: 'Kustomization', metadata: { name: 'apps', labels: { changed: 'yes' } } });
    });

    it('starts with synthetic ADDED events and sends bookmarks when asked', async () => {
      const response = await call(`/apis/kustomize.toolkit.fluxcd.io/v1/watch/namespaces/flux-system/kustomizations?allowWatchBookmarks=true&timeoutSeconds=1&labelSelector=${encodeURIComponent('app.kubernetes.io/part-of=infra')}`);
      const events = watchEvents(response.text);
      expect(events.filter((event) => event.type === 'ADDED').map((event) => (event.object.metadata as { name: string }).name)).toEqual(['infra-configs', 'infra-controllers']);
      const bookmark = events.find((event) => event.type === 'BOOKMARK');
      expect(bookmark?.object).toMatchObject({ kind: 'Kustomization', apiVersion: 'kustomize.toolkit.fluxcd.io/v1', metadata: { resourceVersion: String(cluster.store.currentResourceVersion()) } });
    });

    it('answers a too-old resourceVersion with an ERROR event carrying 410 Expired', async () => {
      for (let index = 0; index < 60; index += 1) cluster.store.create('/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `churn-${index}`, namespace: 'default' } });
      const response = await call(`${KS_PATH}?watch=1&resourceVersion=1`);
      expect(response.status).toBe(200);
      const events = watchEvents(response.text);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410 } });
      expect(events[0]!.object.message).toMatch(/^too old resource version: 1 \(\d+\)$/);
    });
  });

  describe('views and generic kinds', () => {
    it('serves core Events as events.k8s.io/v1 Events', async () => {
      cluster.store.create('/events', {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name: 'apps.17f0', namespace: 'flux-system' },
        involvedObject: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', name: 'apps', namespace: 'flux-system' },
        reason: 'ReconciliationSucceeded',
        message: 'Reconciliation finished in 1.2s',
        type: 'Normal',
        source: { component: 'kustomize-controller' },
        count: 1,
      });
      const core = (await call('/api/v1/namespaces/flux-system/events?fieldSelector=involvedObject.name%3Dapps')).json<{ items: { message: string }[] }>();
      expect(core.items.map((item) => item.message)).toContain('Reconciliation finished in 1.2s');
      const v1 = (await call('/apis/events.k8s.io/v1/namespaces/flux-system/events/apps.17f0')).json();
      expect(v1).toMatchObject({
        apiVersion: 'events.k8s.io/v1',
        kind: 'Event',
        note: 'Reconciliation finished in 1.2s',
        regarding: { kind: 'Kustomization', name: 'apps' },
        reportingController: 'kustomize-controller',
        deprecatedCount: 1,
      });
    });

    it('serves kinds that appear in the store under unknown resources', async () => {
      cluster.store.create('example.com/widgets', { apiVersion: 'example.com/v1alpha1', kind: 'Widget', metadata: { name: 'w1', namespace: 'default' }, spec: { size: 3 } });
      const groups = (await call('/apis')).json<{ groups: { name: string }[] }>();
      expect(groups.groups.map((group) => group.name)).toContain('example.com');
      const list = (await call('/apis/example.com/v1alpha1/namespaces/default/widgets')).json<{ kind: string; items: { spec: { size: number } }[] }>();
      expect(list.kind).toBe('WidgetList');
      expect(list.items[0]?.spec.size).toBe(3);
    });
  });

  describe('streams and dry runs', () => {
    const waitForOpenStream = async (): Promise<void> => {
      while (cluster.server.openStreamCount() === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    };

    it('turns label changes into ADDED and DELETED for a watch with a selector', async () => {
      const watching = call('/api/v1/namespaces/default/configmaps?watch=true&labelSelector=tier%3Dedge');
      await waitForOpenStream();
      const created = cluster.store.create('/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'edge-1', namespace: 'default' } });
      const labelled = cluster.store.update('/configmaps', { ...created, metadata: { ...created.metadata, labels: { tier: 'edge' } } });
      cluster.store.update('/configmaps', { ...labelled, metadata: { ...labelled.metadata, labels: { tier: 'core' } } });
      cluster.server.endOpenStreams();
      const events = watchEvents((await watching).text);
      expect(events.map((event) => `${event.type} ${(event.object.metadata as { name: string }).name}`)).toEqual(['ADDED edge-1', 'DELETED edge-1']);
    });

    it('ends watches that are already open when endWatchesAfterMs is set', async () => {
      const watching = call(`${KS_PATH}?watch=true&resourceVersion=${cluster.store.currentResourceVersion()}`);
      await waitForOpenStream();
      await cluster.server.faults.set({ endWatchesAfterMs: 20 });
      expect((await watching).status).toBe(200);
      for (let attempt = 0; attempt < 100 && cluster.server.openStreamCount() > 0; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(cluster.server.openStreamCount()).toBe(0);
    });

    it('validates and answers dryRun=All writes without storing them', async () => {
      const before = cluster.store.get(KUSTOMIZATIONS, 'flux-system', 'apps')!;
      const patched = await call(`${KS_PATH}/apps?dryRun=All`, { method: 'PATCH', contentType: 'application/merge-patch+json', body: { spec: { suspend: true } } });
      expect(patched.json()).toMatchObject({ spec: { suspend: true } });
      const created = await call(`${KS_PATH}?dryRun=All`, { method: 'POST', body: { metadata: { name: 'dry' }, spec: { interval: '5m', prune: false, sourceRef: { kind: 'GitRepository', name: 'flux-system' } } } });
      expect(created.status).toBe(201);
      expect((await call(`${KS_PATH}/apps?dryRun=All`, { method: 'DELETE' })).status).toBe(200);
      expect(cluster.store.get(KUSTOMIZATIONS, 'flux-system', 'apps')).toBe(before);
      expect(cluster.store.get(KUSTOMIZATIONS, 'flux-system', 'dry')).toBeUndefined();
    });
  });

  describe('subresources', () => {
    it('reads and writes the scale of a deployment', async () => {
      const scale = (await call('/apis/apps/v1/namespaces/apps/deployments/podinfo/scale')).json();
      expect(scale).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', status: { selector: 'app=podinfo' } });
      const put = await call('/apis/apps/v1/namespaces/apps/deployments/podinfo/scale', { method: 'PUT', body: { ...scale, spec: { replicas: 3 } } });
      expect(put.json()).toMatchObject({ spec: { replicas: 3 } });
      const bad = await call('/apis/apps/v1/namespaces/apps/deployments/podinfo/scale', { method: 'PATCH', contentType: 'application/merge-patch+json', body: { spec: { replicas: -1 } } });
      expect(bad.status).toBe(422);
    });

    it('serves logs with tailLines, timestamps and follow', async () => {
      const base = '/api/v1/namespaces/flux-system/pods/kustomize-controller-7d9f8b7c6d-abcde/log';
      const tail = await call(`${base}?tailLines=1&timestamps=true`);
      expect(tail.headers['content-type']).toBe('text/plain');
      expect(tail.text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z \{"level":"info","msg":"line 4"\}\n$/);
      await cluster.server.faults.set({ endWatchesAfterMs: 300 });
      const following = call(`${base}?follow=true&sinceSeconds=1`);
      cluster.logs.append('flux-system', 'kustomize-controller-7d9f8b7c6d-abcde', 'manager', 'appended while following');
      expect((await following).text).toContain('appended while following\n');
      const wrongContainer = await call(`${base}?container=nope`);
      expect(wrongContainer.status).toBe(400);
    });
  });

  describe('authentication and authorization', () => {
    it('accepts plugged-in token authenticators and rejects what they reject', async () => {
      cluster.server.authorizer.setPolicy({ rules: [{ effect: 'allow', groups: ['entra-group'], verbs: ['get'] }], defaultEffect: 'deny' });
      expect((await call(`${KS_PATH}/apps`, { token: 'jwt.valid' })).status).toBe(200);
      const denied = await call(KS_PATH, { token: 'jwt.valid' });
      expect(denied.status).toBe(403);
      expect(denied.json()).toMatchObject({
        reason: 'Forbidden',
        message: 'kustomizations.kustomize.toolkit.fluxcd.io is forbidden: User "entra-user" cannot list resource "kustomizations" in API group "kustomize.toolkit.fluxcd.io" in the namespace "flux-system"',
        details: { group: 'kustomize.toolkit.fluxcd.io', kind: 'kustomizations' },
      });
      const expired = await call(KS_PATH, { token: 'jwt.expired' });
      expect(expired.status).toBe(401);
      expect(expired.json()).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    });

    it('authenticates client certificates signed by the cluster CA (CN user, O groups)', async () => {
      const client = await cluster.ca.issueClientCertificate({ commonName: 'cert-user', organizations: ['cert-readers'] });
      cluster.server.authorizer.setPolicy({ rules: [{ effect: 'deny', groups: ['cert-readers'], verbs: ['delete'] }] });
      const read = await call(`${KS_PATH}/apps`, { token: undefined, cert: client.certPem, key: client.keyPem });
      expect(read.status).toBe(200);
      const denied = await call(`${KS_PATH}/apps`, { method: 'DELETE', token: undefined, cert: client.certPem, key: client.keyPem });
      expect(denied.json()).toMatchObject({ code: 403, message: expect.stringContaining('User "cert-user" cannot delete resource "kustomizations"') });
    });
  });

  describe('faults', () => {
    it('injects errors deterministically, with Retry-After for 429', async () => {
      await cluster.server.faults.set({ errorRate: 1, errorCode: 429 });
      const throttled = await call(KS_PATH);
      expect(throttled.status).toBe(429);
      expect(throttled.headers['retry-after']).toBe('1');
      expect(throttled.json()).toMatchObject({ reason: 'TooManyRequests', code: 429 });
      const statuses = async (): Promise<number[]> => {
        await cluster.server.faults.clear(); // restarts the PRNG from its seed
        await cluster.server.faults.set({ errorRate: 0.5, errorCode: 503 });
        const seen: number[] = [];
        for (let index = 0; index < 10; index += 1) seen.push((await call('/version')).status);
        return seen;
      };
      const first = await statuses();
      const second = await statuses();
      expect(second).toEqual(first);
      expect(first).toContain(503);
      expect(first).toContain(200);
    });

    it('drops connections, expires tokens and closes then reopens the port', async () => {
      await cluster.server.faults.set({ dropConnectionRate: 1 });
      await expect(call('/version')).rejects.toThrow(/socket hang up|ECONNRESET/);
      await cluster.server.faults.set({ dropConnectionRate: undefined, expiredTokens: true });
      expect((await call(KS_PATH)).status).toBe(401);
      await cluster.server.faults.clear();
      const port = cluster.server.port;
      await cluster.server.closePort();
      await expect(call('/version')).rejects.toThrow(/ECONNREFUSED/);
      await cluster.server.reopenPort();
      expect(cluster.server.port).toBe(port);
      expect((await call('/version')).status).toBe(200);
    });

    it('serves a certificate from another CA when asked', async () => {
      await cluster.server.faults.set({ wrongCertificate: true });
      await expect(call('/version')).rejects.toThrow(/certificate/i);
      await cluster.server.faults.set({ wrongCertificate: false });
      expect((await call('/version')).status).toBe(200);
    });

    it('counts requests per verb and resource', async () => {
      cluster.server.counters.reset();
      await call(KS_PATH);
      await call(`${KS_PATH}/apps`);
      await call('/api/v1/namespaces/flux-system/pods/kustomize-controller-7d9f8b7c6d-abcde/log');
      expect(cluster.server.counters.snapshot()).toEqual({
        'get kustomizations.kustomize.toolkit.fluxcd.io': 1,
        'get pods/log': 1,
        'list kustomizations.kustomize.toolkit.fluxcd.io': 1,
      });
    });
  });
});
