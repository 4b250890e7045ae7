import { CustomObjectsApi, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKubeconfig } from '../../src/kube/kubeconfig.js';
import { ADMIN_TOKEN, startKubeTestCluster, type KubeTestCluster } from './kube-test-cluster.js';
import { rawRequest, type RawRequestOptions } from './raw-client.js';

const KUSTOMIZE = { group: 'kustomize.toolkit.fluxcd.io', version: 'v1', plural: 'kustomizations' } as const;
const KUSTOMIZATIONS = 'kustomize.toolkit.fluxcd.io/kustomizations';
const KS_PATH = '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations';
const VALID_SPEC = { interval: '5m', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } };

const kustomization = (name: string, spec: Record<string, unknown>) => ({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name, namespace: 'flux-system' }, spec });

describe('structural validation of custom resources written through the API', () => {
  let cluster: KubeTestCluster;
  let api: CustomObjectsApi;
  const call = (path: string, options: Partial<RawRequestOptions> = {}) =>
    rawRequest(`${cluster.server.url}${path}`, { ca: cluster.server.caPem, token: ADMIN_TOKEN, ...options });

  beforeAll(async () => {
    cluster = await startKubeTestCluster();
    const config = new KubeConfig();
    config.loadFromString(buildKubeconfig({ name: 'test', server: cluster.server.url, caPem: cluster.server.caPem, credential: { token: ADMIN_TOKEN } }));
    api = config.makeApiClient(CustomObjectsApi);
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it('answers client-node\'s create of an invalid object with a 422 Status and one cause per field', async () => {
    const error = await api
      .createNamespacedCustomObject({ ...KUSTOMIZE, namespace: 'flux-system', body: kustomization('broken', { interval: '5m', prune: 'yes', sourceRef: { kind: 'Git', name: 'x' } }) })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 422 });
    const status = JSON.parse((error as { body: string }).body) as Record<string, unknown>;
    expect(status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Kustomization.kustomize.toolkit.fluxcd.io "broken" is invalid: [spec.prune: Invalid value: "string": spec.prune in body must be of type boolean: "string", spec.sourceRef.kind: Unsupported value: "Git": supported values: "OCIRepository", "GitRepository", "Bucket", "ExternalArtifact"]',
      reason: 'Invalid',
      details: {
        name: 'broken',
        group: 'kustomize.toolkit.fluxcd.io',
        kind: 'Kustomization',
        causes: [
          { reason: 'FieldValueTypeInvalid', message: 'Invalid value: "string": spec.prune in body must be of type boolean: "string"', field: 'spec.prune' },
          { reason: 'FieldValueNotSupported', message: 'Unsupported value: "Git": supported values: "OCIRepository", "GitRepository", "Bucket", "ExternalArtifact"', field: 'spec.sourceRef.kind' },
        ],
      },
      code: 422,
    });
    expect(cluster.store.get(KUSTOMIZATIONS, 'flux-system', 'broken')).toBeUndefined();
  });

  it('words a type error and a strategic merge patch as kube-apiserver does, to kubectl', async () => {
    const path = await cluster.writeManifest(
      'typed.yaml',
      'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: typed\n  namespace: flux-system\nspec:\n  interval: 5m\n  path: ./\n  prune: true\n  timeout: 5\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n',
    );
    const typed = await cluster.kubectl(['apply', '-f', path]);
    expect(typed.code).toBe(1);
    expect(typed.stderr).toContain('spec.timeout: Invalid value: "integer": spec.timeout in body must be of type string: "integer"');

    const created = await call(KS_PATH, { method: 'POST', body: kustomization('patched', VALID_SPEC) });
    expect(created.status).toBe(201);
    const strategic = await cluster.kubectl(['patch', 'kustomization', 'patched', '-n', 'flux-system', '--type', 'strategic', '-p', '{"spec":{"interval":"1m"}}']);
    expect(strategic.code).toBe(1);
    expect(strategic.stderr).toContain(
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    );
    const raw = await call(`${KS_PATH}/patched`, { method: 'PATCH', body: { spec: { interval: '1m' } }, headers: { 'content-type': 'application/strategic-merge-patch+json' } });
    expect(raw.status).toBe(415);
    expect(raw.json()).toMatchObject({ reason: 'UnsupportedMediaType', code: 415 });
  });

  it('prunes unknown fields with a warning by default, silently with Ignore, and refuses them with Strict', async () => {
    const warned = await call(KS_PATH, { method: 'POST', body: kustomization('warned', { ...VALID_SPEC, foo: 1, sourceRef: { ...VALID_SPEC.sourceRef, bar: 2 } }), headers: {} });
    expect(warned.status).toBe(201);
    expect(warned.headers.warning).toBe('299 - "unknown field \\"spec.foo\\"", 299 - "unknown field \\"spec.sourceRef.bar\\""');
    expect(cluster.store.get(KUSTOMIZATIONS, 'flux-system', 'warned')?.spec).toEqual(VALID_SPEC);

    const ignored = await call(`${KS_PATH}?fieldValidation=Ignore`, { method: 'POST', body: { ...kustomization('ignored', { ...VALID_SPEC, foo: 1 }), extra: true } });
    expect(ignored.status).toBe(201);
    expect(ignored.headers.warning).toBeUndefined();
    expect(ignored.json()).not.toHaveProperty('extra');

    const strict = await call(`${KS_PATH}?fieldValidation=Strict`, { method: 'POST', body: kustomization('strict', { ...VALID_SPEC, foo: 1 }) });
    expect(strict.status).toBe(400);
    expect(strict.json()).toMatchObject({ reason: 'BadRequest', message: 'Kustomization in version "v1" cannot be handled as a Kustomization: strict decoding error: unknown field "spec.foo"' });
    const strictPatch = await call(`${KS_PATH}/warned?fieldValidation=Strict`, { method: 'PATCH', contentType: 'application/merge-patch+json', body: { spec: { foo: 1 } } });
    expect(strictPatch.json()).toMatchObject({ code: 400, message: 'strict decoding error: unknown field "spec.foo"' });
    expect((await call(`${KS_PATH}?fieldValidation=Sometimes`, { method: 'POST', body: kustomization('odd', VALID_SPEC) })).status).toBe(400);
  });

  it('keeps free-form subtrees (HelmRelease values) as written', async () => {
    const values = { replicaCount: 2, nested: { anything: ['goes', { deep: true }] } };
    const created = await call('/apis/helm.toolkit.fluxcd.io/v2/namespaces/apps/helmreleases?fieldValidation=Strict', {
      method: 'POST',
      body: { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'free-form' }, spec: { interval: '5m', chartRef: { kind: 'OCIRepository', name: 'podinfo' }, values } },
    });
    expect(created.status).toBe(201);
    expect(cluster.store.get('helm.toolkit.fluxcd.io/helmreleases', 'apps', 'free-form')?.spec?.values).toEqual(values);
  });

  it('validates updates and patches, but lets objects already stored without a required field be patched (ratcheting)', async () => {
    // Seeded straight into the store, without `prune`: as a controller or an older schema left it.
    expect(cluster.store.get(KUSTOMIZATIONS, 'flux-system', 'apps')?.spec?.prune).toBeUndefined();
    const suspended = await api.patchNamespacedCustomObject(
      { ...KUSTOMIZE, namespace: 'flux-system', name: 'apps', body: { spec: { suspend: true } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(suspended).toMatchObject({ spec: { suspend: true } });

    const broken = await call(`${KS_PATH}/apps`, { method: 'PATCH', contentType: 'application/merge-patch+json', body: { spec: { sourceRef: { kind: 'Nope' } } } });
    expect(broken.status).toBe(422);
    expect(broken.json()).toMatchObject({ details: { causes: [{ reason: 'FieldValueNotSupported', field: 'spec.sourceRef.kind' }] } });
    const current = (await call(`${KS_PATH}/apps`)).json<{ spec: Record<string, unknown> }>();
    const replaced = await call(`${KS_PATH}/apps`, { method: 'PUT', body: { ...current, spec: { ...current.spec, timeout: 'soon' } } });
    expect(replaced.status).toBe(422);
    expect(replaced.json()).toMatchObject({ message: 'Kustomization.kustomize.toolkit.fluxcd.io "apps" is invalid: spec.timeout: Invalid value: "soon": spec.timeout in body should match \'^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$\'' });
  });

  it('checks status writes for types only, keeping fields the schema does not declare', async () => {
    const accepted = await call(`${KS_PATH}/infra-controllers/status`, { method: 'PATCH', contentType: 'application/merge-patch+json', body: { status: { lastAppliedRevision: 'main@sha1:abc', somethingNew: { kept: true } } } });
    expect(accepted.status).toBe(200);
    expect(cluster.store.get(KUSTOMIZATIONS, 'flux-system', 'infra-controllers')?.status).toMatchObject({ lastAppliedRevision: 'main@sha1:abc', somethingNew: { kept: true } });
    const refused = await call(`${KS_PATH}/infra-controllers/status`, { method: 'PATCH', contentType: 'application/merge-patch+json', body: { status: { observedGeneration: 'two' } } });
    expect(refused.status).toBe(422);
    expect(refused.json()).toMatchObject({ details: { causes: [{ reason: 'FieldValueTypeInvalid', field: 'status.observedGeneration' }] } });
  });
});
