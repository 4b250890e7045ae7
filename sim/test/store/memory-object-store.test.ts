import { describe, expect, it } from 'vitest';
import { MemoryObjectStore } from '../../src/store/memory-object-store.js';
import { StoreError } from '../../src/store/types.js';
import type { KubeObject, StoreEvent } from '../../src/store/types.js';

const KS = 'kustomize.toolkit.fluxcd.io/kustomizations';

function kustomization(name: string, namespace = 'flux-system', spec: Record<string, unknown> = { interval: '10m', path: './apps' }): KubeObject {
  return { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name, namespace }, spec };
}

function storeError(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (error) {
    if (error instanceof StoreError) return error;
    throw error;
  }
  throw new Error('expected a StoreError');
}

describe('MemoryObjectStore', () => {
  it('counts generations only for kinds that have one: custom resources and workloads, not Secrets, ConfigMaps or Pods', () => {
    const store = new MemoryObjectStore();
    const secret = store.create('/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'apps', generation: 7 }, data: { a: 'YQ==' } });
    expect(secret.metadata).not.toHaveProperty('generation');
    expect(store.update('/secrets', { ...secret, data: { a: 'Yg==' } }).metadata).not.toHaveProperty('generation');
    const configMap = store.create('/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'apps' }, data: { a: '1' } });
    expect(configMap.metadata).not.toHaveProperty('generation');
    expect(store.create('/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'apps' }, spec: { containers: [] } }).metadata).not.toHaveProperty('generation');

    const deployment = store.create('apps/deployments', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'apps' }, spec: { replicas: 1 } });
    expect(deployment.metadata.generation).toBe(1);
    expect(store.update('apps/deployments', { ...deployment, spec: { replicas: 2 } }).metadata.generation).toBe(2);
    expect(store.create(KS, kustomization('with-generation')).metadata.generation).toBe(1);
  });

  it('assigns server metadata on create and refuses duplicates', () => {
    const store = new MemoryObjectStore();
    const created = store.create(KS, kustomization('apps'));
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata.generation).toBe(1);
    expect(created.metadata.resourceVersion).toBe('1');
    expect(created.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(store.currentResourceVersion()).toBe(1);
    expect(store.size()).toBe(1);
    const duplicate = storeError(() => store.create(KS, kustomization('apps')));
    expect([duplicate.code, duplicate.reason]).toEqual([409, 'AlreadyExists']);
    expect(duplicate.message).toBe('kustomizations.kustomize.toolkit.fluxcd.io "apps" already exists');
    expect(store.create(KS, kustomization('apps', 'other')).metadata.resourceVersion).toBe('2');
  });

  it('supports generateName and requires a name', () => {
    const store = new MemoryObjectStore();
    const created = store.create('/events', { apiVersion: 'v1', kind: 'Event', metadata: { name: '', generateName: 'apps.', namespace: 'x' } });
    expect(created.metadata.name).toMatch(/^apps\.[0-9a-f]{5}$/);
    expect(storeError(() => store.create('/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '' } })).code).toBe(422);
  });

  it('hands out frozen snapshots and copies its input', () => {
    const store = new MemoryObjectStore();
    const input = kustomization('apps');
    store.create(KS, input);
    (input.spec as Record<string, unknown>).path = './changed';
    const stored = store.get(KS, 'flux-system', 'apps');
    expect(stored?.spec?.path).toBe('./apps');
    expect(() => {
      (stored!.spec as Record<string, unknown>).path = './mutated';
    }).toThrow(TypeError);
  });

  it('bumps generation only for changes outside metadata and status', () => {
    const store = new MemoryObjectStore();
    const created = store.create(KS, kustomization('apps'));
    const labelled = store.update(KS, { ...created, metadata: { ...created.metadata, labels: { team: 'a' } } });
    expect(labelled.metadata.generation).toBe(1);
    const withStatus = store.updateStatus(KS, { ...labelled, status: { observedGeneration: 1 } });
    expect(withStatus.metadata.generation).toBe(1);
    const respec = store.update(KS, { ...withStatus, spec: { ...withStatus.spec, suspend: true } });
    expect(respec.metadata.generation).toBe(2);
    expect(respec.metadata.uid).toBe(created.metadata.uid);
    expect(respec.metadata.creationTimestamp).toBe(created.metadata.creationTimestamp);
    expect(Number(respec.metadata.resourceVersion)).toBeGreaterThan(Number(withStatus.metadata.resourceVersion));
  });

  it('treats a write that changes nothing as a no-op', () => {
    const store = new MemoryObjectStore();
    const created = store.create(KS, kustomization('apps'));
    const events: StoreEvent[] = [];
    store.subscribe((event) => events.push(event));
    expect(store.update(KS, created)).toBe(created);
    expect(store.updateStatus(KS, created)).toBe(created);
    expect(events).toEqual([]);
    expect(store.currentResourceVersion()).toBe(1);
  });

  it('rejects a stale resourceVersion with 409 Conflict', () => {
    const store = new MemoryObjectStore();
    const created = store.create(KS, kustomization('apps'));
    store.update(KS, { ...created, spec: { path: './v2' } });
    const conflict = storeError(() => store.update(KS, { ...created, spec: { path: './v3' } }));
    expect([conflict.code, conflict.reason]).toEqual([409, 'Conflict']);
    expect(conflict.message).toContain('the object has been modified');
    expect(storeError(() => store.updateStatus(KS, { ...created, status: { a: 1 } })).code).toBe(409);
    // Without a resourceVersion the write is unconditional.
    const { resourceVersion: _rv, ...metadata } = created.metadata;
    expect(store.update(KS, { ...created, metadata, spec: { path: './v4' } }).metadata.generation).toBe(3);
  });

  it('keeps the stored status with preserveStatus, and status writes keep the spec', () => {
    const store = new MemoryObjectStore();
    const created = store.create(KS, kustomization('apps'));
    const withStatus = store.updateStatus(KS, { ...created, status: { observedGeneration: 1 } });
    const updated = store.update(KS, { ...withStatus, spec: { path: './x' }, status: { observedGeneration: 99 } }, { preserveStatus: true });
    expect(updated.status).toEqual({ observedGeneration: 1 });
    expect(updated.spec).toEqual({ path: './x' });
    const statusOnly = store.updateStatus(KS, { ...updated, spec: { path: './ignored' }, status: { observedGeneration: 2 } });
    expect(statusOnly.spec).toEqual({ path: './x' });
    expect(statusOnly.status).toEqual({ observedGeneration: 2 });
  });

  it('returns 404 for missing objects', () => {
    const store = new MemoryObjectStore();
    expect(store.get(KS, 'flux-system', 'nope')).toBeUndefined();
    const missing = storeError(() => store.delete(KS, 'flux-system', 'nope'));
    expect([missing.code, missing.reason, missing.message]).toEqual([404, 'NotFound', 'kustomizations.kustomize.toolkit.fluxcd.io "nope" not found']);
    expect(storeError(() => store.update('/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'd' } })).message).toBe('pods "p" not found');
  });

  it('deletes with a new resourceVersion, honouring finalizers', () => {
    const store = new MemoryObjectStore();
    store.create(KS, kustomization('plain'));
    const held = store.create(KS, { ...kustomization('held'), metadata: { name: 'held', namespace: 'flux-system', finalizers: ['finalizers.fluxcd.io'] } });
    const deleted = store.delete(KS, 'flux-system', 'plain');
    expect(deleted.metadata.resourceVersion).toBe('3');
    expect(store.get(KS, 'flux-system', 'plain')).toBeUndefined();
    const marked = store.delete(KS, 'flux-system', 'held');
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    expect(store.get(KS, 'flux-system', 'held')).toBeDefined();
    const released = store.update(KS, { ...marked, metadata: { ...marked.metadata, finalizers: [] } });
    expect(store.get(KS, 'flux-system', 'held')).toBeUndefined();
    expect(store.eventsSince(0).map((event) => event.type)).toEqual(['ADDED', 'ADDED', 'DELETED', 'MODIFIED', 'DELETED']);
    expect(released.metadata.uid).toBe(held.metadata.uid);
    expect(store.size()).toBe(0);
  });

  it('lists sorted by namespace and name, filtered by namespace and selectors', () => {
    const store = new MemoryObjectStore();
    for (const [namespace, name] of [['b', 'z'], ['a', 'y'], ['b', 'a'], ['a', 'x']] as const) {
      store.create(KS, { ...kustomization(name, namespace), metadata: { name, namespace, labels: { ns: namespace } } });
    }
    const names = (options = {}) => store.list(KS, options).items.map((item) => `${item.metadata.namespace}/${item.metadata.name}`);
    expect(names()).toEqual(['a/x', 'a/y', 'b/a', 'b/z']);
    expect(names({ namespace: 'b' })).toEqual(['b/a', 'b/z']);
    expect(names({ labelSelector: 'ns=a', fieldSelector: 'metadata.name!=x' })).toEqual(['a/y']);
    expect(store.list(KS).resourceVersion).toBe(4);
    expect(store.list('apps/deployments').items).toEqual([]);
  });

  it('replays events since a version and answers 410 Expired once they left the window', () => {
    const store = new MemoryObjectStore({ historySize: 3 });
    for (let i = 0; i < 5; i += 1) store.create(i % 2 ? '/configmaps' : KS, kustomization(`k${i}`));
    expect(store.eventsSince(2).map((event) => event.resourceVersion)).toEqual([3, 4, 5]);
    expect(store.eventsSince(3, KS).map((event) => event.object.metadata.name)).toEqual(['k4']);
    expect(store.eventsSince(5)).toEqual([]);
    const expired = storeError(() => store.eventsSince(1));
    expect([expired.code, expired.reason]).toEqual([410, 'Expired']);
  });

  it('delivers events in order even when a listener writes', () => {
    const store = new MemoryObjectStore();
    const seen: number[] = [];
    store.subscribe((event) => {
      if (event.object.metadata.name === 'first') store.create('/configmaps', kustomization('second'));
    });
    store.subscribe((event) => seen.push(event.resourceVersion));
    store.create('/configmaps', kustomization('first'));
    expect(seen).toEqual([1, 2]);
  });

  it('stays cheap: a 200-object list is a few allocations', () => {
    const store = new MemoryObjectStore();
    for (let i = 0; i < 200; i += 1) store.create(KS, kustomization(`app-${i}`, `ns-${i % 10}`));
    const first = store.list(KS).items;
    expect(first).toHaveLength(200);
    // The same frozen snapshots are shared, no per-list copies.
    expect(store.list(KS).items[0]).toBe(first[0]);
  });
});
