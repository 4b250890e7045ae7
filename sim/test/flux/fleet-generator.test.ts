import { afterEach, describe, expect, it } from 'vitest';
import { generateClusterObjects, seedCluster } from '../../src/flux/fleet-generator.js';
import { FluxControllerSimulator } from '../../src/flux/flux-controller-simulator.js';
import { FLUX_KINDS, fluxGroupResource } from '../../src/flux/flux-kinds.js';
import { FLUX_RELEASES } from '../../src/flux/flux-releases.js';
import { resolveKind } from '../../src/flux/kind-resolver.js';
import { MemoryObjectStore } from '../../src/store/memory-object-store.js';
import { MemoryPodLogStore } from '../../src/store/memory-pod-log-store.js';
import type { KubeObject } from '../../src/store/types.js';
import { condition, KS, waitFor } from './flux-test-helpers.js';

const now = new Date('2025-06-01T12:00:00Z');
const isFlux = (object: KubeObject) => /fluxcd\.(io|controlplane\.io)\//.test(object.apiVersion);
const isFailing = (object: KubeObject) => condition(object, 'Ready')?.status === 'False';

const simulators: FluxControllerSimulator[] = [];
afterEach(() => {
  for (const simulator of simulators.splice(0)) simulator.stop();
});

describe('generateClusterObjects', () => {
  it('is deterministic from the seed', () => {
    const options = { clusterName: 'prod-eu-1', objects: 120, seed: 42, now };
    expect(generateClusterObjects(options)).toEqual(generateClusterObjects(options));
    expect(generateClusterObjects({ ...options, seed: 43 })).not.toEqual(generateClusterObjects(options));
  });

  it('makes exactly the requested number of Flux objects with a realistic mix and shares', () => {
    const objects = generateClusterObjects({ clusterName: 'prod-eu-1', objects: 200, seed: 7, now, failingShare: 0.1, suspendedShare: 0.05 });
    const flux = objects.filter(isFlux);
    expect(flux).toHaveLength(200);
    const count = (kind: string) => flux.filter((object) => object.kind === kind).length;
    expect(count('Kustomization')).toBeGreaterThan(count('HelmRelease'));
    for (const kind of ['GitRepository', 'OCIRepository', 'HelmRepository', 'HelmChart', 'HelmRelease', 'Alert', 'Provider', 'ImageRepository', 'ImagePolicy', 'FluxInstance', 'FluxReport']) {
      expect(count(kind), kind).toBeGreaterThan(0);
    }
    const failing = flux.filter(isFailing).length;
    const suspended = flux.filter((object) => object.spec?.suspend === true).length;
    expect(failing).toBeGreaterThanOrEqual(15);
    expect(failing).toBeLessThanOrEqual(25);
    expect(suspended).toBeGreaterThanOrEqual(6);
    expect(suspended).toBeLessThanOrEqual(14);
    // Failing objects carry the annotation that keeps them failing, and a Warning event.
    const failingObject = flux.find(isFailing)!;
    expect(failingObject.metadata.annotations?.['sim.flux-orchestrator.dev/fail-reason']).toBe(condition(failingObject, 'Ready')?.reason);
    expect(objects.some((object) => object.kind === 'Event' && (object.involvedObject as { name: string }).name === failingObject.metadata.name)).toBe(true);
  });

  it('creates a Namespace for every namespace it puts objects in, on every release', () => {
    // The API server refuses creates in a missing namespace (NamespaceLifecycle), so what is
    // generated must be consistent for clients that re-create or copy it through the API.
    for (const release of FLUX_RELEASES) {
      const objects = generateClusterObjects({ clusterName: 'prod-eu-1', objects: 300, seed: 3, now, fluxVersion: release.minor });
      const namespaces = new Set(objects.filter((object) => object.kind === 'Namespace').map((object) => object.metadata.name));
      const homeless = objects.filter((object) => resolveKind(object.apiVersion, object.kind).namespaced && !namespaces.has(object.metadata.namespace ?? ''));
      expect(homeless.map((object) => `${object.kind} ${object.metadata.namespace}/${object.metadata.name}`), release.version).toEqual([]);
    }
  });

  it('adds flux-system controllers with pods, a FluxInstance and a FluxReport', () => {
    const objects = generateClusterObjects({ clusterName: 'dev', objects: 60, seed: 1, now, fluxVersion: 'v2.6.4' });
    const pods = objects.filter((object) => object.kind === 'Pod' && object.metadata.namespace === 'flux-system');
    expect(pods.map((pod) => pod.metadata.labels?.app)).toEqual(expect.arrayContaining(['source-controller', 'kustomize-controller', 'helm-controller', 'notification-controller']));
    const deployment = objects.find((object) => object.kind === 'Deployment' && object.metadata.name === 'kustomize-controller');
    expect(JSON.stringify(deployment?.spec)).toContain('ghcr.io/fluxcd/kustomize-controller:v1.');
    const report = objects.find((object) => object.kind === 'FluxReport');
    expect((report?.spec?.distribution as { version: string }).version).toBe('v2.6.4');
    expect(condition(objects.find((object) => object.kind === 'FluxInstance'), 'Ready')?.status).toBe('True');
  });

  it('seeds a store whose inventories point at existing objects and that needs no reconciling', async () => {
    const store = new MemoryObjectStore();
    const objects = generateClusterObjects({ clusterName: 'staging', objects: 100, seed: 3, now });
    expect(seedCluster(store, objects)).toBeGreaterThan(100);
    const kustomizations = store.list(KS).items;
    for (const ks of kustomizations) {
      expect(ks.status?.observedGeneration, ks.metadata.name).toBe(1);
      const entries = ((ks.status?.inventory as { entries?: Array<{ id: string }> } | undefined)?.entries ?? []).filter((entry) => /_(apps_Deployment|_Service|_Namespace)$/.test(entry.id));
      for (const { id } of entries) {
        const [namespace, name, group, kind] = id.split('_');
        const groupResource = `${group}/${kind === 'Namespace' ? 'namespaces' : kind === 'Service' ? 'services' : 'deployments'}`;
        expect(store.get(groupResource, namespace || undefined, name!), id).toBeDefined();
      }
    }
    const warning = store.list('/events').items.find((event) => event.type === 'Warning');
    expect((warning?.involvedObject as { uid?: string }).uid).toMatch(/^[0-9a-f-]{36}$/);

    const simulator = new FluxControllerSimulator({ store, logs: new MemoryPodLogStore(), reconcileDelayMs: 5 });
    simulators.push(simulator);
    const resourceVersion = store.currentResourceVersion();
    simulator.start();
    expect(simulator.pendingReconciles()).toBe(0);
    expect(store.currentResourceVersion()).toBe(resourceVersion);

    // A generated failing Kustomization stays failing when reconciled on request.
    const failing = kustomizations.find((ks) => isFailing(ks) && ks.spec?.suspend !== true);
    expect(failing).toBeDefined();
    if (failing) {
      simulator.requestReconcile({ groupResource: KS, namespace: failing.metadata.namespace, name: failing.metadata.name }, 'now-1');
      const handled = await waitFor(() => {
        const object = store.get(KS, failing.metadata.namespace, failing.metadata.name);
        return object?.status?.lastHandledReconcileAt === 'now-1' && object;
      }, 'failing reconciled');
      expect(condition(handled, 'Ready')).toMatchObject({ status: 'False', reason: condition(failing, 'Ready')?.reason });
    }
  });
});

describe('a generated fleet under the spec-driven sources', () => {
  it('keeps every generated object as generated when all are reconciled: Ready ones Ready, failing ones failing', async () => {
    const store = new MemoryObjectStore();
    seedCluster(store, generateClusterObjects({ clusterName: 'regress', objects: 150, seed: 11, now }));
    // Everything is reconciled at once, so a dependent may find its dependency mid-reconcile: a
    // short --requeue-dependency lets it retry soon, as Flux would after 30s.
    const simulator = new FluxControllerSimulator({ store, logs: new MemoryPodLogStore(), reconcileDelayMs: 1, requeueDependencyMs: 20 });
    simulators.push(simulator);
    simulator.start();
    const before = new Map<string, string | undefined>();
    const requested: Array<{ groupResource: string; object: KubeObject }> = [];
    for (const definition of FLUX_KINDS) {
      if (!definition.hasConditions || definition.kind === 'ExternalArtifact') continue;
      const groupResource = fluxGroupResource(definition);
      for (const object of store.list(groupResource).items) {
        if (object.spec?.suspend === true) continue;
        before.set(`${object.kind}/${object.metadata.namespace}/${object.metadata.name}`, condition(object, 'Ready')?.status);
        requested.push({ groupResource, object });
      }
    }
    expect(requested.length).toBeGreaterThan(100);
    for (const { groupResource, object } of requested) simulator.requestReconcile({ groupResource, namespace: object.metadata.namespace, name: object.metadata.name }, 'all');
    await waitFor(() => requested.every(({ groupResource, object }) => {
      const current = store.get(groupResource, object.metadata.namespace, object.metadata.name);
      const ready = condition(current, 'Ready');
      // A Ready object that found its dependency mid-reconcile goes ahead at its next retry.
      const waitingForRetry = ready?.reason === 'DependencyNotReady' && before.get(`${object.kind}/${object.metadata.namespace}/${object.metadata.name}`) === 'True';
      return current?.status?.lastHandledReconcileAt === 'all' && ready?.status !== 'Unknown' && ready?.reason !== 'SourceNotReady' && !waitingForRetry;
    }), 'every object reconciled', 15_000);
    const changed = requested
      .map(({ groupResource, object }) => store.get(groupResource, object.metadata.namespace, object.metadata.name)!)
      .filter((object) => condition(object, 'Ready')?.status !== before.get(`${object.kind}/${object.metadata.namespace}/${object.metadata.name}`))
      .map((object) => `${object.kind}/${object.metadata.name}: ${condition(object, 'Ready')?.reason} ${condition(object, 'Ready')?.message}`);
    expect(changed).toEqual([]);
    // Releases install the version their HelmChart resolves, which is the version generated.
    const releases = requested.filter(({ object }) => object.kind === 'HelmRelease');
    expect(releases.length).toBeGreaterThan(0);
    for (const { groupResource, object } of releases) {
      const current = store.get(groupResource, object.metadata.namespace, object.metadata.name)!;
      const chartVersion = (history: unknown) => (history as Array<{ chartVersion: string }>)[0]?.chartVersion;
      expect(chartVersion(current.status?.history), object.metadata.name).toBe(chartVersion(object.status?.history));
    }
  });
});
