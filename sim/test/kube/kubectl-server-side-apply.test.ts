import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { ManagedFieldsEntry } from '../../src/kube/managed-fields.js';
import type { KubeObject } from '../../src/store/types.js';
import { startKubeTestCluster, type KubeTestCluster } from './kube-test-cluster.js';

const KUSTOMIZATIONS = 'kustomize.toolkit.fluxcd.io/kustomizations';
/** What kustomizationYaml adds to every spec (the schema requires them). */
const REQUIRED = { prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } };
const REQUIRED_FIELDS = { 'f:prune': {}, 'f:sourceRef': { 'f:kind': {}, 'f:name': {} } };

/** A valid Kustomization: `prune` and `sourceRef` (required by the schema) are added when the lines lack them. */
function kustomizationYaml(name: string, spec: string[], labels: string[] = []): string {
  const required = [...(spec.some((line) => line.startsWith('prune:')) ? [] : ['prune: true']), ...(spec.some((line) => line.startsWith('sourceRef:')) ? [] : ['sourceRef: {kind: GitRepository, name: flux-system}'])];
  return [
    'apiVersion: kustomize.toolkit.fluxcd.io/v1',
    'kind: Kustomization',
    'metadata:',
    `  name: ${name}`,
    '  namespace: flux-system',
    ...(labels.length > 0 ? ['  labels:', ...labels.map((label) => `    ${label}`)] : []),
    'spec:',
    ...[...spec, ...required].map((line) => `  ${line}`),
    '',
  ].join('\n');
}

function configMapYaml(name: string, data: Record<string, string>): string {
  return ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${name}`, '  namespace: apps', 'data:', ...Object.entries(data).map(([key, value]) => `  ${key}: "${value}"`), ''].join('\n');
}

const managers = (object: KubeObject): ManagedFieldsEntry[] => (object.metadata.managedFields ?? []) as ManagedFieldsEntry[];

describe('server-side apply, driven by the installed kubectl', () => {
  let cluster: KubeTestCluster;
  let fileCount = 0;

  beforeAll(async () => {
    cluster = await startKubeTestCluster();
  });
  afterAll(async () => {
    await cluster?.close();
  });

  /** Writes a manifest into the cluster's temp dir and returns its path. */
  const manifest = async (text: string): Promise<string> => {
    fileCount += 1;
    const path = join(cluster.dir, `manifest-${fileCount}.yaml`);
    await writeFile(path, text);
    return path;
  };
  const applyServerSide = async (text: string, ...flags: string[]) => cluster.kubectl(['apply', '--server-side', ...flags, '-f', await manifest(text)]);
  const getYaml = async (args: string[]): Promise<KubeObject> => {
    const result = await cluster.kubectl(['get', ...args, '-o', 'yaml']);
    expect(result.stderr).toBe('');
    return parseYaml(result.stdout) as KubeObject;
  };
  const kustomization = (name: string) => cluster.store.get(KUSTOMIZATIONS, 'flux-system', name);

  it('creates a Flux Kustomization and a ConfigMap and shows their managers with --show-managed-fields', async () => {
    const created = await applyServerSide(`${kustomizationYaml('ssa-create', ['interval: 5m', 'path: ./apps', 'prune: true', 'sourceRef: {kind: GitRepository, name: flux-system}'], ['team: platform'])}---\n${configMapYaml('ssa-create', { mode: 'fast' })}`);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('kustomization.kustomize.toolkit.fluxcd.io/ssa-create serverside-applied');
    expect(created.stdout).toContain('configmap/ssa-create serverside-applied');
    expect(kustomization('ssa-create')?.spec).toEqual({ interval: '5m', path: './apps', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } });
    expect(cluster.store.get('/configmaps', 'apps', 'ssa-create')?.data).toEqual({ mode: 'fast' });

    const shown = await getYaml(['kustomization', 'ssa-create', '-n', 'flux-system', '--show-managed-fields']);
    expect(managers(shown)).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        time: expect.any(String),
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:team': {} } },
          'f:spec': { 'f:interval': {}, 'f:path': {}, 'f:prune': {}, 'f:sourceRef': { 'f:kind': {}, 'f:name': {} } },
        },
      },
    ]);
    const configMap = await getYaml(['configmap', 'ssa-create', '-n', 'apps', '--show-managed-fields']);
    expect(managers(configMap).map((entry) => [entry.manager, entry.operation, entry.apiVersion, entry.fieldsV1])).toEqual([['kubectl', 'Apply', 'v1', { 'f:data': { 'f:mode': {} } }]]);
    // Without the flag kubectl hides them, as against a real cluster.
    expect((await getYaml(['configmap', 'ssa-create', '-n', 'apps'])).metadata.managedFields).toBeUndefined();
  });

  it('updates on re-apply, and removes a field that is no longer in the file', async () => {
    await applyServerSide(kustomizationYaml('ssa-update', ['interval: 5m', 'path: ./apps', 'timeout: 2m']));
    const generation = kustomization('ssa-update')!.metadata.generation;
    const updated = await applyServerSide(kustomizationYaml('ssa-update', ['interval: 10m', 'path: ./apps']));
    expect(updated.code).toBe(0);
    expect(updated.stdout).toContain('kustomization.kustomize.toolkit.fluxcd.io/ssa-update serverside-applied');
    expect(kustomization('ssa-update')?.spec).toEqual({ ...REQUIRED, interval: '10m', path: './apps' });
    expect(kustomization('ssa-update')?.metadata.generation).toBe(generation! + 1);
    const shown = await getYaml(['kustomization', 'ssa-update', '-n', 'flux-system', '--show-managed-fields']);
    expect(managers(shown).map((entry) => entry.fieldsV1)).toEqual([{ 'f:spec': { 'f:interval': {}, 'f:path': {}, ...REQUIRED_FIELDS } }]);
  });

  it('refuses to change a field another manager set, with kubectl\'s --force-conflicts advice, until forced', async () => {
    await applyServerSide(kustomizationYaml('ssa-conflict', ['interval: 5m', 'path: ./apps']));
    const patched = await cluster.kubectl(['patch', 'kustomization', 'ssa-conflict', '-n', 'flux-system', '--type=merge', '-p', '{"spec":{"interval":"1m"}}']);
    expect(patched.code).toBe(0);
    const before = kustomization('ssa-conflict')!;

    const refused = await applyServerSide(kustomizationYaml('ssa-conflict', ['interval: 15m', 'path: ./apps']));
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('Apply failed with 1 conflict: conflict with "kubectl-patch" using kustomize.toolkit.fluxcd.io/v1: .spec.interval');
    expect(refused.stderr).toContain('--force-conflicts');
    expect(kustomization('ssa-conflict')).toBe(before);

    const forced = await applyServerSide(kustomizationYaml('ssa-conflict', ['interval: 15m', 'path: ./apps']), '--force-conflicts');
    expect(forced.code).toBe(0);
    expect(kustomization('ssa-conflict')?.spec?.interval).toBe('15m');
    // kubectl-patch owned only the interval: it no longer owns anything and its entry is gone.
    const shown = await getYaml(['kustomization', 'ssa-conflict', '-n', 'flux-system', '--show-managed-fields']);
    expect(managers(shown).map((entry) => [entry.manager, entry.operation])).toEqual([['kubectl', 'Apply']]);
  });

  it('conflicts between two appliers, shares a field applied with the same value, and moves ownership when forced', async () => {
    await applyServerSide(configMapYaml('ssa-owners', { mode: 'fast', owner: 'a' }));
    const refused = await applyServerSide(configMapYaml('ssa-owners', { mode: 'slow' }), '--field-manager', 'other');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('Apply failed with 1 conflict: conflict with "kubectl": .data.mode');

    const shared = await applyServerSide(configMapYaml('ssa-owners', { mode: 'fast' }), '--field-manager', 'other');
    expect(shared.code).toBe(0);
    const sharedObject = await getYaml(['configmap', 'ssa-owners', '-n', 'apps', '--show-managed-fields']);
    expect(Object.fromEntries(managers(sharedObject).map((entry) => [entry.manager, entry.fieldsV1]))).toEqual({
      kubectl: { 'f:data': { 'f:mode': {}, 'f:owner': {} } },
      other: { 'f:data': { 'f:mode': {} } },
    });

    const forced = await applyServerSide(configMapYaml('ssa-owners', { mode: 'slow' }), '--field-manager', 'other', '--force-conflicts');
    expect(forced.code).toBe(0);
    const forcedObject = await getYaml(['configmap', 'ssa-owners', '-n', 'apps', '--show-managed-fields']);
    expect(forcedObject.data).toEqual({ mode: 'slow', owner: 'a' });
    expect(Object.fromEntries(managers(forcedObject).map((entry) => [entry.manager, entry.fieldsV1]))).toEqual({
      kubectl: { 'f:data': { 'f:owner': {} } },
      other: { 'f:data': { 'f:mode': {} } },
    });
  });

  it('changes nothing with --dry-run=server', async () => {
    await applyServerSide(kustomizationYaml('ssa-dry-run', ['interval: 5m', 'path: ./apps']));
    const before = kustomization('ssa-dry-run')!;
    const versionBefore = cluster.store.currentResourceVersion();
    const dryRun = await applyServerSide(kustomizationYaml('ssa-dry-run', ['interval: 30m', 'path: ./other']), '--dry-run=server');
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toContain('kustomization.kustomize.toolkit.fluxcd.io/ssa-dry-run serverside-applied (server dry run)');
    const created = await applyServerSide(kustomizationYaml('ssa-dry-run-new', ['interval: 5m']), '--dry-run=server');
    expect(created.code).toBe(0);
    expect(kustomization('ssa-dry-run')).toBe(before);
    expect(kustomization('ssa-dry-run-new')).toBeUndefined();
    expect(cluster.store.currentResourceVersion()).toBe(versionBefore);
  });

  it('applies cluster-scoped Namespaces and merges Deployment containers by name between managers', async () => {
    const namespace = await applyServerSide('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ssa-team\n  labels:\n    team: a\n');
    expect(namespace.stdout).toContain('namespace/ssa-team serverside-applied');
    expect(cluster.store.get('/namespaces', undefined, 'ssa-team')?.metadata).toMatchObject({ name: 'ssa-team', labels: { team: 'a' } });
    expect(cluster.store.get('/namespaces', undefined, 'ssa-team')?.metadata.namespace).toBeUndefined();

    const deployment = (containers: string[]) =>
      ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: ssa-web', '  namespace: apps', 'spec:', '  selector:', '    matchLabels:', '      app: ssa-web', '  template:', '    metadata:', '      labels:', '        app: ssa-web', '    spec:', '      containers:', ...containers, ''].join('\n');
    await applyServerSide(deployment(['      - name: web', '        image: web:1', '        ports:', '        - containerPort: 8080']));
    await applyServerSide(deployment(['      - name: proxy', '        image: proxy:1']), '--field-manager', 'mesh-injector');
    const containers = () => (cluster.store.get('apps/deployments', 'apps', 'ssa-web')?.spec?.template as { spec: { containers: { name: string; image: string }[] } }).spec.containers;
    expect(containers().map((container) => `${container.name}=${container.image}`)).toEqual(['web=web:1', 'proxy=proxy:1']);
    const refused = await applyServerSide(deployment(['      - name: web', '        image: web:2', '      - name: proxy', '        image: proxy:2']));
    expect(refused.stderr).toContain('conflict with "mesh-injector": .spec.template.spec.containers[name="proxy"].image');
    await applyServerSide(deployment(['      - name: web', '        image: web:2']));
    expect(containers().map((container) => `${container.name}=${container.image}`)).toEqual(['web=web:2', 'proxy=proxy:1']);
  });

  it('moves an object from client-side to server-side apply without conflicts, as kubectl expects', async () => {
    const clientSide = await cluster.kubectl(['apply', '-f', await manifest(kustomizationYaml('ssa-migrate', ['interval: 5m', 'path: ./apps']))]);
    expect(clientSide.code).toBe(0);
    expect(managers(kustomization('ssa-migrate')!).map((entry) => [entry.manager, entry.operation])).toEqual([['kubectl-client-side-apply', 'Update']]);

    const serverSide = await applyServerSide(kustomizationYaml('ssa-migrate', ['interval: 10m', 'path: ./apps']));
    expect(serverSide.stderr).toBe('');
    expect(serverSide.code).toBe(0);
    const migrated = kustomization('ssa-migrate')!;
    expect(migrated.spec).toEqual({ ...REQUIRED, interval: '10m', path: './apps' });
    // kubectl moved its client-side apply manager's fields to its appliers (the annotation to
    // kubectl-last-applied, which it applies itself) by rewriting the managed fields.
    expect(managers(migrated).map((entry) => [entry.manager, entry.operation, entry.fieldsV1])).toEqual([
      ['kubectl', 'Apply', { 'f:spec': { 'f:interval': {}, 'f:path': {}, ...REQUIRED_FIELDS } }],
      ['kubectl-last-applied', 'Apply', { 'f:metadata': { 'f:annotations': { 'f:kubectl.kubernetes.io/last-applied-configuration': {} } } }],
    ]);
    expect(JSON.parse(migrated.metadata.annotations!['kubectl.kubernetes.io/last-applied-configuration']!)).toMatchObject({ spec: { interval: '10m' } });
  });

  it('records kubectl\'s ordinary writes under its per-command managers', async () => {
    const created = await cluster.kubectl(['create', 'configmap', 'ssa-plain', '-n', 'apps', '--from-literal=a=1']);
    expect(created.code).toBe(0);
    const labelled = await cluster.kubectl(['label', 'configmap', 'ssa-plain', '-n', 'apps', 'team=b']);
    expect(labelled.code).toBe(0);
    const shown = await getYaml(['configmap', 'ssa-plain', '-n', 'apps', '--show-managed-fields']);
    expect(managers(shown).map((entry) => [entry.manager, entry.operation, entry.fieldsV1])).toEqual([
      ['kubectl-create', 'Update', { 'f:data': { '.': {}, 'f:a': {} } }],
      ['kubectl-label', 'Update', { 'f:metadata': { 'f:labels': { '.': {}, 'f:team': {} } } }],
    ]);
  });
});

describe('server-side apply to the status subresource, driven by kubectl 1.32', () => {
  let cluster: KubeTestCluster;

  beforeAll(async () => {
    // The installed kubectl runs the client release matching the server's; `apply --subresource` came with 1.32.
    cluster = await startKubeTestCluster({ kubernetesVersion: 'v1.32.4' });
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it('changes only status, recorded under the status subresource', async () => {
    const path = join(cluster.dir, 'status.yaml');
    await writeFile(path, kustomizationYaml('ssa-status', ['interval: 5m']));
    expect((await cluster.kubectl(['apply', '--server-side', '-f', path])).code).toBe(0);
    await writeFile(path, `${kustomizationYaml('ssa-status', ['interval: 1h'])}status:\n  observedGeneration: 1\n  lastAppliedRevision: main@sha1:0123\n`);
    const status = await cluster.kubectl(['apply', '--server-side', '--subresource=status', '--field-manager', 'kustomize-controller', '-f', path]);
    expect(status.stderr).toBe('');
    expect(status.code).toBe(0);
    expect(cluster.store.get(KUSTOMIZATIONS, 'flux-system', 'ssa-status')).toMatchObject({ spec: { interval: '5m' }, status: { observedGeneration: 1, lastAppliedRevision: 'main@sha1:0123' } });
    const shown = await cluster.kubectl(['get', 'kustomization', 'ssa-status', '-n', 'flux-system', '-o', 'yaml', '--show-managed-fields']);
    const entries = managers(parseYaml(shown.stdout) as KubeObject);
    expect(entries.map((entry) => [entry.manager, entry.operation, entry.subresource, entry.fieldsV1])).toEqual([
      ['kubectl', 'Apply', undefined, { 'f:spec': { 'f:interval': {}, ...REQUIRED_FIELDS } }],
      ['kustomize-controller', 'Apply', 'status', { 'f:status': { 'f:lastAppliedRevision': {}, 'f:observedGeneration': {} } }],
    ]);
  });
});
