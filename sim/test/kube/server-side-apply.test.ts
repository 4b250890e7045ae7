import { describe, expect, it } from 'vitest';
import { installCustomResourceDefinitions } from '../../src/kube/custom-resource-definitions.js';
import { KubeApiError } from '../../src/kube/kube-status.js';
import { UpdateRecorder, decodeManagedFields, updateManagerOf, type ManagedFieldsEntry } from '../../src/kube/managed-fields.js';
import { ResourceTypeRegistry, type ServedResourceType } from '../../src/kube/resource-types.js';
import { LAST_APPLIED_ANNOTATION, serverSideApply, type ApplyResult } from '../../src/kube/server-side-apply.js';
import { MemoryObjectStore } from '../../src/store/index.js';
import type { KubeObject } from '../../src/store/types.js';

const registry = new ResourceTypeRegistry();
const store = new MemoryObjectStore();
installCustomResourceDefinitions(store, registry);
const KUSTOMIZATION = registry.findByKind('kustomize.toolkit.fluxcd.io', 'Kustomization', 'v1')!;
const CONFIGMAP = registry.findByKind('', 'ConfigMap')!;
const DEPLOYMENT = registry.findByKind('apps', 'Deployment')!;
const NOW = '2025-03-01T10:00:00Z';

function kustomization(spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'apps', namespace: 'flux-system', ...metadata }, spec };
}

interface ApplyOptions {
  type?: ServedResourceType;
  force?: boolean;
  subresource?: string;
  query?: Record<string, string>;
  now?: string;
}

function apply(live: KubeObject | undefined, config: unknown, manager: string | undefined, options: ApplyOptions = {}): ApplyResult {
  const query = new URLSearchParams(options.query ?? {});
  if (manager !== undefined) query.set('fieldManager', manager);
  if (options.force) query.set('force', 'true');
  return serverSideApply({
    type: options.type ?? KUSTOMIZATION,
    namespace: 'flux-system',
    name: 'apps',
    ...(options.subresource ? { subresource: options.subresource } : {}),
    query,
    body: Buffer.from(typeof config === 'string' ? config : JSON.stringify(config)),
    live,
    store,
    now: options.now ?? NOW,
  });
}

function apiError(action: () => unknown): KubeApiError {
  try {
    action();
  } catch (error) {
    if (error instanceof KubeApiError) return error;
    throw error;
  }
  throw new Error('expected a KubeApiError');
}

const managers = (object: KubeObject): ManagedFieldsEntry[] => (object.metadata.managedFields ?? []) as ManagedFieldsEntry[];
const managerNames = (object: KubeObject): string[] => managers(object).map((entry) => `${entry.manager}/${entry.operation}`);
const ownedBy = (object: KubeObject, manager: string): unknown => managers(object).find((entry) => entry.manager === manager)?.fieldsV1;

describe('who an ordinary write is recorded as', () => {
  it('takes the fieldManager parameter, else the User-Agent before its first slash, else "unknown"', () => {
    const query = (fieldManager?: string) => new URLSearchParams(fieldManager ? { fieldManager } : {});
    expect(updateManagerOf(query('flux-orchestrator'), 'kubectl/v1.32.4 (linux/amd64)', 'PatchOptions')).toBe('flux-orchestrator');
    expect(updateManagerOf(query(), 'kubectl/v1.32.4 (linux/amd64) kubernetes/abcdef', 'PatchOptions')).toBe('kubectl');
    expect(updateManagerOf(query(), 'kustomize-controller/v1.4.0', 'UpdateOptions')).toBe('kustomize-controller');
    expect(updateManagerOf(query(), undefined, 'CreateOptions')).toBe('unknown');
    expect(apiError(() => updateManagerOf(query('x'.repeat(129)), undefined, 'CreateOptions')).message).toBe('CreateOptions.meta.k8s.io "" is invalid: fieldManager: Too long: may not be more than 128 bytes');
    expect(apiError(() => updateManagerOf(query('bad\u0007name'), undefined, 'PatchOptions')).code).toBe(422);
  });

  it('refuses force on a patch that is not an apply', () => {
    const error = apiError(() => new UpdateRecorder(KUSTOMIZATION, undefined, new URLSearchParams({ force: 'true' }), undefined, 'patch', store));
    expect(error.message).toBe('PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch');
  });
});

describe('managed fields of ordinary writes', () => {
  const recorder = (manager: string, type: ServedResourceType = CONFIGMAP, subresource?: string) =>
    new UpdateRecorder(type, subresource, new URLSearchParams({ fieldManager: manager }), undefined, 'update', store);

  it('records a create as an Update owning every field set, new maps marked with "."', () => {
    const created = recorder('kubectl-create').record(undefined, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'apps', labels: { team: 'a' } }, data: { mode: 'fast' } });
    expect(managers(created)).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'v1',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { '.': {}, 'f:mode': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:team': {} } } },
      },
    ]);
  });

  it('moves a changed field to the writer, leaves the rest with its owner, and keeps status out of main-resource writes', () => {
    const created = recorder('kubectl-create', KUSTOMIZATION).record(undefined, { ...kustomization({ interval: '5m', path: './apps' }), status: { observedGeneration: 1 } });
    expect(ownedBy(created, 'kubectl-create')).toEqual({ 'f:spec': { '.': {}, 'f:interval': {}, 'f:path': {} } });
    const edited = recorder('kubectl-edit', KUSTOMIZATION).record(created, { ...created, spec: { interval: '1m', path: './apps' } });
    expect(ownedBy(edited, 'kubectl-create')).toEqual({ 'f:spec': { '.': {}, 'f:path': {} } });
    expect(ownedBy(edited, 'kubectl-edit')).toEqual({ 'f:spec': { 'f:interval': {} } });
    // A write that changes nothing adds no manager.
    expect(managerNames(recorder('noop', KUSTOMIZATION).record(edited, edited))).toEqual(['kubectl-create/Update', 'kubectl-edit/Update']);
  });

  it('records status writes under the status subresource', () => {
    const created = recorder('kubectl-create', KUSTOMIZATION).record(undefined, kustomization({ interval: '5m' }));
    const reported = recorder('kustomize-controller', KUSTOMIZATION, 'status').record(created, { ...created, status: { observedGeneration: 1 } });
    expect(managers(reported).find((entry) => entry.manager === 'kustomize-controller')).toMatchObject({ subresource: 'status', fieldsV1: { 'f:status': { '.': {}, 'f:observedGeneration': {} } } });
  });

  it('lets a client rewrite managed fields, and clears them for [{}]', () => {
    const created = recorder('kubectl-create').record(undefined, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'apps' }, data: { a: '1' } });
    const cleared = recorder('cleaner').record(created, { ...created, metadata: { ...created.metadata, managedFields: [{}] } });
    expect(cleared.metadata.managedFields).toBeUndefined();
    // Clients that do not know the field (send none) keep what is stored.
    const kept = recorder('other').record(created, { ...created, metadata: { ...created.metadata, managedFields: undefined } });
    expect(managerNames(kept)).toEqual(['kubectl-create/Update']);
  });

  it('folds the oldest of more than ten updaters into ancient-changes', () => {
    let object: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'apps' }, data: {} };
    for (let index = 0; index < 12; index += 1) {
      object = new UpdateRecorder(CONFIGMAP, undefined, new URLSearchParams({ fieldManager: `writer-${String(index).padStart(2, '0')}` }), undefined, 'update', store).record(object, {
        ...object,
        data: { ...object.data as Record<string, string>, [`key${index}`]: 'v' },
      });
    }
    const names = managers(object).map((entry) => entry.manager);
    expect(names).toHaveLength(10);
    expect(names).toContain('ancient-changes');
    expect(names).toContain('writer-11');
    expect(decodeManagedFields(object.metadata.managedFields)!.reduce((count, entry) => count + entry.fields.size, 0)).toBeGreaterThanOrEqual(12);
  });
});

describe('server-side apply', () => {
  it('requires a field manager and an object of the URL\'s type, name and namespace', () => {
    const config = kustomization({ interval: '5m' });
    const missing = apiError(() => apply(undefined, config, undefined));
    expect(missing.code).toBe(422);
    expect(missing.message).toBe('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    expect(apiError(() => apply(undefined, { ...config, apiVersion: 'kustomize.toolkit.fluxcd.io/v1beta2' }, 'ci')).message).toBe('invalid object type: kustomize.toolkit.fluxcd.io/v1beta2, Kind=Kustomization');
    expect(apiError(() => apply(undefined, { ...config, kind: 'ConfigMap', apiVersion: 'v1' }, 'ci')).message).toBe('invalid object type: /v1, Kind=ConfigMap');
    expect(apiError(() => apply(undefined, { ...config, metadata: { name: 'other' } }, 'ci')).message).toBe('the name of the object (other) does not match the name on the URL (apps)');
    expect(apiError(() => apply(undefined, { ...config, metadata: { name: 'apps', namespace: 'apps' } }, 'ci')).message).toBe(
      'the namespace of the object (apps) does not match the namespace on the URL (flux-system)',
    );
    expect(apiError(() => apply(undefined, { ...config, metadata: { name: 'apps', managedFields: [] } }, 'ci')).message).toBe('metadata.managedFields must be nil');
    expect(apiError(() => apply(undefined, '{not: [yaml', 'ci')).message).toMatch(/^error decoding YAML: /);
  });

  it('creates from YAML, owning what it applied, with the URL\'s namespace and without status', () => {
    const yaml = ['apiVersion: kustomize.toolkit.fluxcd.io/v1', 'kind: Kustomization', 'metadata:', '  name: apps', 'spec:', '  interval: 5m', '  prune: true', 'status:', '  observedGeneration: 3'].join('\n');
    const { object, created } = apply(undefined, yaml, 'ci');
    expect(created).toBe(true);
    expect(object).toMatchObject({ metadata: { name: 'apps', namespace: 'flux-system' }, spec: { interval: '5m', prune: true } });
    expect(object.status).toBeUndefined();
    expect(managers(object)).toEqual([{ manager: 'ci', operation: 'Apply', apiVersion: 'kustomize.toolkit.fluxcd.io/v1', time: NOW, fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:interval': {}, 'f:prune': {} } } }]);
  });

  it('conflicts on a different value for another manager\'s field, shares a field applied with the same value, and forces', () => {
    const first = apply(undefined, kustomization({ interval: '5m', path: './apps' }), 'team-a').object;
    const conflict = apiError(() => apply(first, kustomization({ interval: '1m' }), 'team-b'));
    expect(conflict.code).toBe(409);
    expect(conflict.reason).toBe('Conflict');
    expect(conflict.message).toBe('Apply failed with 1 conflict: conflict with "team-a": .spec.interval');
    expect(conflict.details).toEqual({ causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "team-a"', field: '.spec.interval' }] });

    const shared = apply(first, kustomization({ interval: '5m' }), 'team-b').object;
    expect(ownedBy(shared, 'team-a')).toEqual({ 'f:spec': { 'f:interval': {}, 'f:path': {} } });
    expect(ownedBy(shared, 'team-b')).toEqual({ 'f:spec': { 'f:interval': {} } });

    const forced = apply(first, kustomization({ interval: '1m' }), 'team-b', { force: true }).object;
    expect(forced.spec?.interval).toBe('1m');
    expect(ownedBy(forced, 'team-a')).toEqual({ 'f:spec': { 'f:path': {} } });
    expect(ownedBy(forced, 'team-b')).toEqual({ 'f:spec': { 'f:interval': {} } });
  });

  it('names every conflict, grouped by manager, and updaters with their version', () => {
    const first = apply(undefined, kustomization({ interval: '5m', path: './apps' }), 'team-a').object;
    const edited = new UpdateRecorder(KUSTOMIZATION, undefined, new URLSearchParams({ fieldManager: 'kubectl-edit' }), undefined, 'update', store).record(first, { ...first, spec: { ...first.spec, prune: true } });
    const error = apiError(() => apply(edited, kustomization({ interval: '1m', path: './other', prune: false }), 'team-b'));
    expect(error.message).toBe(
      'Apply failed with 3 conflicts: conflicts with "kubectl-edit" using kustomize.toolkit.fluxcd.io/v1\n- .spec.prune\nconflicts with "team-a"\n- .spec.interval\n- .spec.path',
    );
  });

  it('removes fields the manager no longer applies, unless another manager owns them, and then releases them', () => {
    const first = apply(undefined, kustomization({ interval: '5m', path: './apps', prune: true, suspend: false }), 'team-a').object;
    const alsoB = apply(first, kustomization({ suspend: false }), 'team-b').object;
    const trimmed = apply(alsoB, kustomization({ interval: '5m' }), 'team-a').object;
    expect(trimmed.spec).toEqual({ interval: '5m', suspend: false });
    expect(ownedBy(trimmed, 'team-a')).toEqual({ 'f:spec': { 'f:interval': {} } });
    expect(ownedBy(trimmed, 'team-b')).toEqual({ 'f:spec': { 'f:suspend': {} } });
  });

  it('merges associative lists item by item between managers and prunes only the manager\'s own items', () => {
    const deployment = (containers: unknown[]) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'apps' }, spec: { template: { spec: { containers } } } });
    const options = { type: DEPLOYMENT };
    const first = apply(undefined, deployment([{ name: 'web', image: 'web:1' }]), 'team-a', options).object;
    const both = apply(first, deployment([{ name: 'sidecar', image: 'proxy:1' }]), 'team-b', options).object;
    expect(both.spec).toEqual({ template: { spec: { containers: [{ name: 'web', image: 'web:1' }, { name: 'sidecar', image: 'proxy:1' }] } } });
    const conflict = apiError(() => apply(both, deployment([{ name: 'web', image: 'web:2' }, { name: 'sidecar', image: 'proxy:2' }]), 'team-a', options));
    expect(conflict.message).toBe('Apply failed with 1 conflict: conflict with "team-b": .spec.template.spec.containers[name="sidecar"].image');
    const withoutWeb = apply(both, deployment([]), 'team-a', options).object;
    expect(withoutWeb.spec).toEqual({ template: { spec: { containers: [{ name: 'sidecar', image: 'proxy:1' }] } } });
  });

  it('attributes an untracked object\'s fields to before-first-apply', () => {
    const seeded: KubeObject = { ...kustomization({ interval: '10m', path: './apps' }), status: { observedGeneration: 1 } };
    const conflict = apiError(() => apply(seeded, kustomization({ interval: '1m' }), 'ci'));
    expect(conflict.message).toBe('Apply failed with 1 conflict: conflict with "before-first-apply" using kustomize.toolkit.fluxcd.io/v1: .spec.interval');
    const sameValue = apply(seeded, kustomization({ interval: '10m', suspend: true }), 'ci').object;
    expect(sameValue.spec).toEqual({ interval: '10m', path: './apps', suspend: true });
    expect(managerNames(sameValue)).toEqual(['ci/Apply', 'before-first-apply/Update']);
    expect(ownedBy(sameValue, 'before-first-apply')).toEqual({ 'f:spec': { '.': {}, 'f:interval': {}, 'f:path': {} } });
  });

  it('applies to the status subresource without touching the rest', () => {
    const first = apply(undefined, kustomization({ interval: '5m' }), 'ci').object;
    const config = { ...kustomization({ interval: 'ignored' }), status: { observedGeneration: 2, lastAppliedRevision: 'main@sha1:abc' } };
    const { object } = apply(first, config, 'kustomize-controller', { subresource: 'status' });
    expect(object.spec).toEqual({ interval: '5m' });
    expect(object.status).toEqual({ observedGeneration: 2, lastAppliedRevision: 'main@sha1:abc' });
    expect(managers(object).find((entry) => entry.manager === 'kustomize-controller')).toMatchObject({ operation: 'Apply', subresource: 'status', fieldsV1: { 'f:status': { 'f:lastAppliedRevision': {}, 'f:observedGeneration': {} } } });
    expect(apiError(() => apply(undefined, config, 'kustomize-controller', { subresource: 'status' })).code).toBe(404);
  });

  it('lets kubectl take over fields its client-side apply last applied, and keeps that annotation current', () => {
    const clientSide = kustomization({ interval: '5m', path: './apps' });
    const annotated = { ...clientSide, metadata: { ...clientSide.metadata, annotations: { [LAST_APPLIED_ANNOTATION]: JSON.stringify(clientSide) } } };
    const live = new UpdateRecorder(KUSTOMIZATION, undefined, new URLSearchParams({ fieldManager: 'kubectl-client-side-apply' }), undefined, 'create', store).record(undefined, annotated);
    const config = kustomization({ interval: '1m', path: './apps' });
    expect(apiError(() => apply(live, config, 'someone-else')).message).toContain('conflict with "kubectl-client-side-apply" using kustomize.toolkit.fluxcd.io/v1: .spec.interval');
    const { object } = apply(live, config, 'kubectl');
    expect(object.spec?.interval).toBe('1m');
    expect(JSON.parse(object.metadata.annotations![LAST_APPLIED_ANNOTATION]!)).toEqual(config);
    expect(ownedBy(object, 'kubectl-client-side-apply')).toEqual({ 'f:metadata': { 'f:annotations': { '.': {}, [`f:${LAST_APPLIED_ANNOTATION}`]: {} } }, 'f:spec': { '.': {}, 'f:path': {} } });
  });

  it('keeps the time of a manager whose fields and object did not change', () => {
    const first = apply(undefined, kustomization({ interval: '5m' }), 'ci', { now: '2025-01-01T00:00:00Z' }).object;
    const again = apply(first, kustomization({ interval: '5m' }), 'ci', { now: '2025-02-02T00:00:00Z' }).object;
    expect(again).toEqual(first);
  });
});
