import { afterEach, describe, expect, it } from 'vitest';
import { FluxControllerSimulator, FAIL_MESSAGE_ANNOTATION, FAIL_REASON_ANNOTATION, type FluxControllerSimulatorOptions } from '../../src/flux/flux-controller-simulator.js';
import type { KubeObject } from '../../src/store/types.js';
import { condition, GIT, gitRepository, HELMREPO, HR, KS, kustomization, newCluster, waitFor, waitForReady } from './flux-test-helpers.js';

const simulators: FluxControllerSimulator[] = [];
afterEach(() => {
  for (const simulator of simulators.splice(0)) simulator.stop();
});

function startCluster(options: Partial<FluxControllerSimulatorOptions> = {}) {
  const cluster = newCluster();
  const simulator = new FluxControllerSimulator({ ...cluster, reconcileDelayMs: 10, seed: 7, ...options });
  simulators.push(simulator);
  simulator.start();
  return { ...cluster, simulator };
}

function events(store: ReturnType<typeof newCluster>['store'], name: string): KubeObject[] {
  return store.list('/events', { fieldSelector: `involvedObject.name=${name}` }).items;
}

describe('FluxControllerSimulator', () => {
  it('moves a new generation through Reconciling to Ready with artifact, inventory, events and logs', async () => {
    const { store, logs } = startCluster();
    const states: string[] = [];
    store.subscribe((event) => {
      if (event.groupResource === KS) states.push(`${condition(event.object, 'Ready')?.status ?? '-'}/${condition(event.object, 'Reconciling')?.reason ?? '-'}`);
    });
    store.create(GIT, gitRepository('fleet'));
    store.create(KS, kustomization('podinfo'));
    const ready = await waitFor(() => {
      const object = store.get(KS, 'flux-system', 'podinfo');
      return condition(object, 'Ready')?.status === 'True' && object;
    }, 'podinfo Ready');
    expect(states).toContain('Unknown/Progressing');
    expect(states.at(-1)).toBe('True/-');

    const source = store.get(GIT, 'flux-system', 'fleet')!;
    const artifact = source.status?.artifact as { revision: string; digest: string; url: string };
    expect(artifact.revision).toMatch(/^main@sha1:[0-9a-f]{40}$/);
    expect(artifact.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(condition(source, 'Ready')).toMatchObject({ reason: 'Succeeded', message: `stored artifact for revision '${artifact.revision}'` });

    expect(condition(ready, 'Ready')).toMatchObject({ reason: 'ReconciliationSucceeded', message: `Applied revision: ${artifact.revision}` });
    expect(ready.status).toMatchObject({ observedGeneration: 1, lastAppliedRevision: artifact.revision, lastAttemptedRevision: artifact.revision });
    const entries = (ready.status?.inventory as { entries: Array<{ id: string; v: string }> }).entries;
    expect(entries.map((entry) => entry.id)).toEqual(['_podinfo__Namespace', 'podinfo_podinfo-config__ConfigMap', 'podinfo_podinfo__Service', 'podinfo_podinfo_apps_Deployment']);
    expect(store.get('apps/deployments', 'podinfo', 'podinfo')?.spec?.replicas).toBe(2);
    expect(store.get('/namespaces', undefined, 'podinfo')).toBeDefined();
    expect(store.get('/services', 'podinfo', 'podinfo')).toBeDefined();

    expect(events(store, 'podinfo').map((event) => event.reason)).toEqual(expect.arrayContaining(['Progressing', 'ReconciliationSucceeded']));
    const lines = logs.read('flux-system', 'kustomize-controller-7d9c8b6f5-abcde', 'manager').map((line) => JSON.parse(line.text) as Record<string, unknown>);
    expect(lines.at(-1)).toMatchObject({
      level: 'info',
      controller: 'kustomization',
      controllerGroup: 'kustomize.toolkit.fluxcd.io',
      controllerKind: 'Kustomization',
      name: 'podinfo',
      namespace: 'flux-system',
      revision: artifact.revision,
    });
    expect(String(lines.at(-1)?.msg)).toMatch(/^Reconciliation finished in .+, next run in 10m0s$/);
    expect(lines.at(-1)?.reconcileID).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('handles a requestedAt annotation: lastHandledReconcileAt and a new Ready event', async () => {
    const { store, simulator } = startCluster();
    store.create(GIT, gitRepository('fleet'));
    store.create(KS, kustomization('apps'));
    await waitFor(() => condition(store.get(KS, 'flux-system', 'apps'), 'Ready')?.status === 'True', 'apps Ready');
    const before = events(store, 'apps').filter((event) => event.reason === 'ReconciliationSucceeded').length;
    simulator.requestReconcile({ groupResource: KS, namespace: 'flux-system', name: 'apps' }, '2025-06-01T12:00:00Z');
    const handled = await waitFor(() => {
      const object = store.get(KS, 'flux-system', 'apps');
      return object?.status?.lastHandledReconcileAt === '2025-06-01T12:00:00Z' && object;
    }, 'lastHandledReconcileAt');
    expect(condition(handled, 'Ready')?.status).toBe('True');
    expect(events(store, 'apps').filter((event) => event.reason === 'ReconciliationSucceeded').length).toBe(before + 1);
  });

  it('leaves suspended objects alone', async () => {
    const { store, simulator } = startCluster();
    store.create(GIT, gitRepository('fleet'));
    store.create(KS, kustomization('paused', { suspend: true }));
    store.create(KS, kustomization('running'));
    await waitFor(() => condition(store.get(KS, 'flux-system', 'running'), 'Ready')?.status === 'True', 'running Ready');
    simulator.requestReconcile({ groupResource: KS, namespace: 'flux-system', name: 'paused' });
    await simulator.whenIdle();
    expect(store.get(KS, 'flux-system', 'paused')?.status).toBeUndefined();
    expect(events(store, 'paused')).toEqual([]);
  });

  it('reports DependencyNotReady and retries after --requeue-dependency, not when the dependency turns Ready', async () => {
    const requeueDependencyMs = 150;
    const { store, logs, simulator } = startCluster({ requeueDependencyMs });
    // When each Ready status of `apps` was written (the store calls listeners synchronously).
    const appsReady: Array<{ at: number; status: string; reason: string }> = [];
    let infraReadyAt: number | undefined;
    store.subscribe((event) => {
      if (event.groupResource !== KS) return;
      const ready = condition(event.object, 'Ready');
      if (event.object.metadata.name === 'apps' && ready) appsReady.push({ at: Date.now(), status: ready.status, reason: ready.reason });
      if (event.object.metadata.name === 'infra' && ready?.status === 'True') infraReadyAt ??= Date.now();
    });
    const infraRef = { groupResource: KS, namespace: 'flux-system', name: 'infra' };
    const appsRef = { groupResource: KS, namespace: 'flux-system', name: 'apps' };
    simulator.setOutcome(infraRef, { ready: false, reason: 'HealthCheckFailed', message: 'timeout waiting for: [Deployment/cert-manager/cert-manager status: InProgress]' });
    store.create(GIT, gitRepository('fleet'));
    await waitForReady(store, GIT, 'flux-system', 'fleet', 'True');
    store.create(KS, kustomization('infra'));
    store.create(KS, kustomization('apps', { dependsOn: [{ name: 'infra' }] }));
    const waiting = await waitFor(() => {
      const object = store.get(KS, 'flux-system', 'apps');
      return condition(object, 'Ready')?.reason === 'DependencyNotReady' && object;
    }, 'apps DependencyNotReady');
    expect(condition(waiting, 'Ready')).toMatchObject({ status: 'False', message: "dependency 'flux-system/infra' is not ready" });
    expect(condition(waiting, 'Reconciling')).toMatchObject({ status: 'True', reason: 'ProgressingWithRetry' });
    expect(simulator.scheduledRetry(appsRef)).toBe('dependency');
    const infra = store.get(KS, 'flux-system', 'infra');
    expect(condition(infra, 'Ready')).toMatchObject({ status: 'False', reason: 'HealthCheckFailed' });
    expect(condition(infra, 'Healthy')?.status).toBe('False');
    expect(condition(infra, 'Reconciling')?.reason).toBe('ProgressingWithRetry');

    // kustomize-controller's words: a Normal event and an info line naming the retry, the error in `err`.
    const retryEvent = (): KubeObject | undefined => events(store, 'apps').find((event) => event.reason === 'DependencyNotReady');
    expect(retryEvent()).toMatchObject({ type: 'Normal', message: 'Dependencies do not meet ready condition, retrying in 150ms', source: { component: 'kustomize-controller' } });
    const lines = logs.read('flux-system', 'kustomize-controller-7d9c8b6f5-abcde', 'manager').map((line) => JSON.parse(line.text) as Record<string, unknown>);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'info', name: 'apps', msg: 'Dependencies do not meet ready condition, retrying in 150ms', err: "dependency 'flux-system/infra' is not ready" }));

    // Retries while infra fails do not flip apps to Progressing: the same event again, nothing else written.
    await waitFor(() => Number(retryEvent()?.count ?? 0) >= 2, 'a second DependencyNotReady attempt');
    expect(appsReady.filter((entry) => entry.status === 'Unknown')).toHaveLength(1); // the first attempt only
    expect(condition(store.get(KS, 'flux-system', 'apps'), 'Ready')?.reason).toBe('DependencyNotReady');

    simulator.setOutcome(infraRef, undefined);
    const apps = await waitFor(() => {
      const object = store.get(KS, 'flux-system', 'apps');
      return condition(object, 'Ready')?.status === 'True' && object;
    }, 'apps Ready after infra');
    expect(apps.status?.observedGeneration).toBe(1);
    expect(condition(store.get(KS, 'flux-system', 'infra'), 'Ready')?.status).toBe('True');
    // apps was not woken by infra turning Ready: its next attempt came with the retry, at least
    // --requeue-dependency after its last DependencyNotReady result.
    const lastWaiting = appsReady.filter((entry) => entry.reason === 'DependencyNotReady').at(-1)!;
    const readyAt = appsReady.find((entry) => entry.status === 'True')!.at;
    expect(infraReadyAt).toBeDefined();
    expect(readyAt - lastWaiting.at).toBeGreaterThanOrEqual(requeueDependencyMs - 5);
    expect(simulator.scheduledRetry(appsRef)).toBeUndefined();
  });

  it('defaults --requeue-dependency to 30s and scales it with timeScale, as other Flux intervals', async () => {
    const { store, simulator } = startCluster({ timeScale: 0.001 });
    store.create(GIT, gitRepository('fleet'));
    store.create(KS, kustomization('apps', { dependsOn: [{ name: 'infra' }] }));
    await waitForReady(store, KS, 'flux-system', 'apps', 'False', 'DependencyNotReady');
    expect(events(store, 'apps').find((event) => event.reason === 'DependencyNotReady')?.message).toBe('Dependencies do not meet ready condition, retrying in 30s');
    // A missing dependency is found at a retry too (30 ms here), not when it is created.
    store.create(KS, kustomization('infra'));
    await waitForReady(store, KS, 'flux-system', 'apps', 'True');
    expect(simulator.scheduledRetry({ groupResource: KS, namespace: 'flux-system', name: 'apps' })).toBeUndefined();
  });

  it('retries a HelmRelease whose dependency is not ready after --requeue-dependency, with helm-controller\'s event and log line', async () => {
    const { store, logs, simulator } = startCluster({ requeueDependencyMs: 100 });
    store.create(HELMREPO, { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'HelmRepository', metadata: { name: 'podinfo', namespace: 'flux-system' }, spec: { interval: '10m', url: 'https://stefanprodan.github.io/podinfo' } });
    const release = (name: string, dependsOn?: Array<{ name: string }>): KubeObject => ({
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name, namespace: 'flux-system' },
      spec: { interval: '10m', chart: { spec: { chart: 'podinfo', sourceRef: { kind: 'HelmRepository', name: 'podinfo' } } }, ...(dependsOn ? { dependsOn } : {}) },
    });
    const backendRef = { groupResource: HR, namespace: 'flux-system', name: 'backend' };
    simulator.setOutcome(backendRef, { ready: false, reason: 'InstallFailed', message: 'Helm install failed for release flux-system/backend' });
    store.create(HR, release('backend'));
    store.create(HR, release('frontend', [{ name: 'backend' }]));
    const waiting = await waitForReady(store, HR, 'flux-system', 'frontend', 'False', 'DependencyNotReady');
    expect(condition(waiting, 'Ready')?.message).toBe("dependency 'flux-system/backend' is not ready");
    expect(events(store, 'frontend').find((event) => event.reason === 'DependencyNotReady')).toMatchObject({ type: 'Normal', message: "dependency 'flux-system/backend' is not ready" });
    const lines = logs.read('flux-system', 'helm-controller-7d9c8b6f5-abcde', 'manager').map((line) => JSON.parse(line.text) as Record<string, unknown>);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'info', name: 'frontend', msg: "dependencies do not meet ready condition (dependency 'flux-system/backend' is not ready): retrying in 100ms" }));
    simulator.setOutcome(backendRef, undefined);
    await waitForReady(store, HR, 'flux-system', 'frontend', 'True', 'InstallSucceeded');
  });

  it('keeps a failure set by annotation, with a Warning event and an error log line', async () => {
    const { store, logs, simulator } = startCluster();
    store.create(GIT, gitRepository('fleet'));
    const failing = kustomization('broken');
    failing.metadata.annotations = { [FAIL_REASON_ANNOTATION]: 'BuildFailed', [FAIL_MESSAGE_ANNOTATION]: 'kustomize build failed: accumulating resources' };
    store.create(KS, failing);
    const failed = await waitFor(() => {
      const object = store.get(KS, 'flux-system', 'broken');
      return condition(object, 'Ready')?.status === 'False' && object;
    }, 'broken failed');
    expect(condition(failed, 'Ready')).toMatchObject({ reason: 'BuildFailed', message: 'kustomize build failed: accumulating resources' });
    await simulator.whenIdle();
    // Not retried in a loop: its own status write started nothing, and no retry is scheduled
    // (a reconcile would be pending at once: the simulator reacts to store events synchronously).
    expect(simulator.pendingReconciles()).toBe(0);
    expect(simulator.scheduledRetry({ groupResource: KS, namespace: 'flux-system', name: 'broken' })).toBeUndefined();
    expect(events(store, 'broken').find((event) => event.type === 'Warning')).toMatchObject({ reason: 'BuildFailed', source: { component: 'kustomize-controller' } });
    const lastLine = JSON.parse(logs.read('flux-system', 'kustomize-controller-7d9c8b6f5-abcde', 'manager').at(-1)!.text) as Record<string, unknown>;
    expect(lastLine).toMatchObject({ level: 'error', msg: 'Reconciler error', error: 'kustomize build failed: accumulating resources', name: 'broken' });

    // A new request retries and still fails; a stalled failure sets Stalled.
    simulator.setOutcome({ groupResource: KS, namespace: 'flux-system', name: 'broken' }, { ready: false, reason: 'InvalidPath', message: 'path not found', stalled: true });
    const stalled = await waitFor(() => {
      const object = store.get(KS, 'flux-system', 'broken');
      return condition(object, 'Stalled')?.status === 'True' && object;
    }, 'stalled');
    expect(condition(stalled, 'Reconciling')).toBeUndefined();
    expect(stalled.status?.observedGeneration).toBe(1);
  });

  it('installs a HelmRelease with history, HelmChart and workloads, then upgrades on a new generation', async () => {
    const { store, simulator } = startCluster();
    store.create(HELMREPO, { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'HelmRepository', metadata: { name: 'podinfo', namespace: 'flux-system' }, spec: { interval: '1h', url: 'https://stefanprodan.github.io/podinfo' } });
    store.create(HR, {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'podinfo', namespace: 'flux-system' },
      spec: { interval: '5m', targetNamespace: 'apps', releaseName: 'podinfo', chart: { spec: { chart: 'podinfo', version: '6.7.1', sourceRef: { kind: 'HelmRepository', name: 'podinfo' } } } },
    });
    const installed = await waitFor(() => {
      const object = store.get(HR, 'flux-system', 'podinfo');
      return condition(object, 'Ready')?.status === 'True' && object;
    }, 'release installed');
    expect(condition(installed, 'Ready')).toMatchObject({ reason: 'InstallSucceeded', message: 'Helm install succeeded for release apps/podinfo.v1 with chart podinfo@6.7.1' });
    const history = installed.status?.history as Array<Record<string, unknown>>;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ name: 'podinfo', namespace: 'apps', version: 1, status: 'deployed', chartName: 'podinfo', chartVersion: '6.7.1' });
    expect(history[0]?.digest).toMatch(/^sha256:/);
    expect(store.get('source.toolkit.fluxcd.io/helmcharts', 'flux-system', 'flux-system-podinfo')).toBeDefined();
    expect(store.get('apps/deployments', 'apps', 'podinfo')?.metadata.labels?.['app.kubernetes.io/managed-by']).toBe('Helm');
    expect(events(store, 'podinfo').filter((event) => event.reason === 'InstallSucceeded')).toHaveLength(1);

    // A reconcile request with nothing to change releases nothing.
    simulator.requestReconcile({ groupResource: HR, namespace: 'flux-system', name: 'podinfo' }, 'noop');
    await waitFor(() => store.get(HR, 'flux-system', 'podinfo')?.status?.lastHandledReconcileAt === 'noop', 'no-op handled');
    const afterNoop = store.get(HR, 'flux-system', 'podinfo')!;
    expect((afterNoop.status?.history as unknown[]).length).toBe(1);
    expect(condition(afterNoop, 'Ready')).toMatchObject({ status: 'True', reason: 'InstallSucceeded' });
    expect(events(store, 'podinfo').filter((event) => event.reason === 'InstallSucceeded')).toHaveLength(1);

    store.update(HR, { ...afterNoop, metadata: { ...afterNoop.metadata, resourceVersion: undefined }, spec: { ...afterNoop.spec, values: { replicaCount: 3 } } }, { preserveStatus: true });
    const upgraded = await waitFor(() => {
      const object = store.get(HR, 'flux-system', 'podinfo');
      return condition(object, 'Ready')?.reason === 'UpgradeSucceeded' && object;
    }, 'release upgraded');
    const upgradedHistory = upgraded.status?.history as Array<Record<string, unknown>>;
    expect(upgradedHistory.map((entry) => `${entry.version}:${entry.status}`)).toEqual(['2:deployed', '1:superseded']);
    expect(upgraded.status?.observedGeneration).toBe(2);
  });

  it('follows a new source revision into its Kustomizations', async () => {
    const { store, simulator } = startCluster();
    store.create(GIT, gitRepository('fleet'));
    store.create(KS, kustomization('apps'));
    const first = await waitFor(() => store.get(KS, 'flux-system', 'apps')?.status?.lastAppliedRevision as string | undefined, 'first revision');
    simulator.advanceSource({ groupResource: GIT, namespace: 'flux-system', name: 'fleet' });
    const second = await waitFor(() => {
      const revision = store.get(KS, 'flux-system', 'apps')?.status?.lastAppliedRevision as string | undefined;
      return revision !== first && revision;
    }, 'second revision');
    expect(second).toMatch(/^main@sha1:[0-9a-f]{40}$/);
    expect((store.get(GIT, 'flux-system', 'fleet')?.status?.artifact as { revision: string }).revision).toBe(second);
    expect(events(store, 'fleet').some((event) => event.reason === 'NewArtifact')).toBe(true);
  });

  it('fails with ArtifactFailed while the source is missing, and recovers when it appears', async () => {
    const { store } = startCluster();
    store.create(KS, kustomization('orphan'));
    const failed = await waitFor(() => {
      const object = store.get(KS, 'flux-system', 'orphan');
      return condition(object, 'Ready')?.reason === 'ArtifactFailed' && object;
    }, 'ArtifactFailed');
    // kustomize-controller writes the API server's NotFound error.
    expect(condition(failed, 'Ready')?.message).toBe('gitrepositories.source.toolkit.fluxcd.io "fleet" not found');
    expect(failed.status?.observedGeneration).toBeUndefined();
    store.create(GIT, gitRepository('fleet'));
    await waitFor(() => condition(store.get(KS, 'flux-system', 'orphan'), 'Ready')?.status === 'True', 'orphan Ready');
  });

  it('does nothing after stop', async () => {
    const { store, simulator } = startCluster();
    simulator.stop();
    store.create(GIT, gitRepository('fleet'));
    // A running simulator has a reconcile pending as soon as the store tells it of the object.
    expect(simulator.pendingReconciles()).toBe(0);
    const running = startCluster();
    running.store.create(GIT, gitRepository('fleet'));
    expect(running.simulator.pendingReconciles()).toBe(1);
    await simulator.whenIdle();
    expect(store.get(GIT, 'flux-system', 'fleet')?.status).toBeUndefined();
  });
});
