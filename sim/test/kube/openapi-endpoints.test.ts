import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ADMIN_TOKEN, startKubeTestCluster, type KubeTestCluster } from './kube-test-cluster.js';
import { rawRequest, type RawRequestOptions } from './raw-client.js';
import protobuf from 'protobufjs/minimal.js';

interface Index {
  paths: Record<string, { serverRelativeURL: string }>;
}

interface Operation {
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content: Record<string, unknown> };
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string };
}

interface V3Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { required?: string[]; properties?: Record<string, { $ref?: string; allOf?: Array<{ $ref: string }> }>; 'x-kubernetes-group-version-kind'?: unknown[] }> };
}

/** A protobuf message's fields in order (length-delimited values as bytes, varints as numbers), read with protobufjs: enough to check the v2 document. */
function decode(bytes: Buffer): Array<{ field: number; value: Buffer | number }> {
  const fields: Array<{ field: number; value: Buffer | number }> = [];
  const reader = protobuf.Reader.create(bytes);
  while (reader.pos < reader.len) {
    const key = reader.uint32();
    const field = key >>> 3;
    const wireType = key & 7;
    if (wireType === 0) fields.push({ field, value: Number(reader.int64()) });
    else if (wireType === 1) {
      fields.push({ field, value: bytes.subarray(reader.pos, reader.pos + 8) });
      reader.skip(8);
    }
    else if (wireType === 2) fields.push({ field, value: Buffer.from(reader.bytes()) });
    else throw new Error(`unexpected wire type ${wireType}`);
  }
  return fields;
}
const all = (message: ReturnType<typeof decode>, field: number): Buffer[] => message.filter((entry) => entry.field === field).map((entry) => entry.value as Buffer);
const one = (message: ReturnType<typeof decode>, field: number): Buffer => all(message, field)[0] ?? Buffer.alloc(0);
const text = (message: ReturnType<typeof decode>, field: number): string => one(message, field).toString('utf8');

const KS_OBJECT_PATH = '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/{namespace}/kustomizations/{name}';

describe('OpenAPI documents of the simulated API server', () => {
  let cluster: KubeTestCluster;
  const call = (path: string, options: Partial<RawRequestOptions> = {}) =>
    rawRequest(`${cluster.server.url}${path}`, { ca: cluster.server.caPem, token: ADMIN_TOKEN, ...options });
  const index = async (): Promise<Index> => (await call('/openapi/v3')).json<Index>();

  beforeAll(async () => {
    cluster = await startKubeTestCluster();
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it('indexes one v3 document per served group-version, addressed by a content hash', async () => {
    const paths = (await index()).paths;
    for (const key of ['api/v1', 'apis/apps/v1', 'apis/kustomize.toolkit.fluxcd.io/v1', 'apis/helm.toolkit.fluxcd.io/v2', 'apis/helm.toolkit.fluxcd.io/v2beta2', 'apis/apiextensions.k8s.io/v1']) {
      expect(paths[key]?.serverRelativeURL, key).toMatch(new RegExp(`^/openapi/v3/${key.replaceAll('.', '\\.')}\\?hash=[0-9A-F]{128}$`));
    }
    expect((await call('/openapi/v3', { token: undefined })).status).toBe(401);
  });

  it('describes a Flux kind: schema with GVK and ObjectMeta, list kind, and PATCH with fieldValidation', async () => {
    const response = await call((await index()).paths['apis/kustomize.toolkit.fluxcd.io/v1']!.serverRelativeURL);
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('public, immutable');
    expect(response.headers.etag).toMatch(/^"[0-9A-F]{128}"$/);
    const document = response.json<V3Document>();
    expect(document.openapi).toBe('3.0.0');
    const kustomization = document.components.schemas['io.fluxcd.toolkit.kustomize.v1.Kustomization']!;
    expect(kustomization['x-kubernetes-group-version-kind']).toEqual([{ group: 'kustomize.toolkit.fluxcd.io', kind: 'Kustomization', version: 'v1' }]);
    expect(kustomization.properties?.metadata?.allOf).toEqual([{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }]);
    expect(document.components.schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']).toBeDefined();
    expect(document.components.schemas['io.fluxcd.toolkit.kustomize.v1.KustomizationList']?.required).toEqual(['items']);
    const patch = document.paths[KS_OBJECT_PATH]!.patch!;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'kustomize.toolkit.fluxcd.io', version: 'v1', kind: 'Kustomization' });
    expect(patch.parameters).toContainEqual(expect.objectContaining({ name: 'fieldValidation', in: 'query' }));
    // No strategic merge for custom resources: kubectl then computes a JSON merge patch.
    expect(Object.keys(patch.requestBody!.content)).toEqual(['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml']);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/{namespace}/kustomizations',
        '/apis/kustomize.toolkit.fluxcd.io/v1/kustomizations',
        `${KS_OBJECT_PATH}/status`,
      ]),
    );
  });

  it('describes built-in kinds permissively, with their subresources', async () => {
    const document = (await call((await index()).paths['apis/apps/v1']!.serverRelativeURL)).json<V3Document>();
    expect(document.components.schemas['io.k8s.api.apps.v1.Deployment']?.['x-kubernetes-group-version-kind']).toEqual([{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
    expect(document.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale']?.patch?.['x-kubernetes-group-version-kind']).toEqual({ group: 'autoscaling', version: 'v1', kind: 'Scale' });
    const core = (await call('/openapi/v3/api/v1')).json<V3Document>();
    expect(Object.keys(core.components.schemas)).toEqual(expect.arrayContaining(['io.k8s.api.core.v1.Namespace', 'io.k8s.api.core.v1.ConfigMap', 'io.k8s.api.core.v1.Secret', 'io.k8s.api.core.v1.ServiceAccount']));
  });

  it('redirects a stale hash, 404s an unknown group-version and refuses media types it does not serve', async () => {
    const stale = await call('/openapi/v3/apis/apps/v1?hash=0123');
    expect(stale.status).toBe(301);
    expect(stale.headers.location).toBe((await index()).paths['apis/apps/v1']!.serverRelativeURL);
    expect((await call('/openapi/v3/apis/nothing.example.com/v1')).status).toBe(404);
    const v3Protobuf = await call('/openapi/v3/apis/apps/v1', { headers: { Accept: 'application/com.github.proto-openapi.spec.v3@v1.0+protobuf' } });
    expect(v3Protobuf.status).toBe(406);
    expect(v3Protobuf.json()).toMatchObject({ kind: 'Status', reason: 'NotAcceptable' });
    expect((await call('/openapi/v2', { headers: { Accept: 'application/yaml' } })).status).toBe(406);
  });

  it('serves Swagger 2.0 with every definition under #/definitions, simplified for v2 as kube-apiserver does', async () => {
    const response = await call('/openapi/v2');
    expect(response.status).toBe(200);
    const document = response.json<{ swagger: string; definitions: Record<string, { properties?: Record<string, { $ref?: string; allOf?: unknown; properties?: unknown }> }>; paths: Record<string, Record<string, { parameters?: Array<{ name: string; in: string }> }>> }>();
    expect(document.swagger).toBe('2.0');
    const kustomization = document.definitions['io.fluxcd.toolkit.kustomize.v1.Kustomization']!;
    expect(kustomization.properties?.metadata).toMatchObject({ $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' });
    expect(kustomization.properties?.metadata?.allOf).toBeUndefined();
    expect(response.text).not.toContain('#/components/schemas/');
    expect(response.text).not.toContain('"allOf"');
    // Free-form fields (Helm values) keep unknown fields: v2 declares none of theirs.
    expect(document.definitions['io.fluxcd.toolkit.helm.v2.HelmRelease']?.properties?.spec).toMatchObject({ properties: { values: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } });
    expect(document.paths[KS_OBJECT_PATH]?.put?.parameters).toContainEqual(expect.objectContaining({ name: 'body', in: 'body' }));
    const etag = response.headers.etag as string;
    expect((await call('/openapi/v2', { headers: { 'If-None-Match': etag } })).status).toBe(304);
  });

  it('serves /openapi/v2 in protobuf to client-go (gnostic openapi.v2.Document), with the JSON form\'s ETag', async () => {
    const json = await call('/openapi/v2');
    for (const accept of ['application/com.github.proto-openapi.spec.v2@v1.0+protobuf', 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf, application/json;q=0.9']) {
      const response = await call('/openapi/v2', { headers: { Accept: accept } });
      expect(response.status, accept).toBe(200);
      expect(response.headers['content-type']).toBe('application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
      expect(response.headers.etag).toBe(json.headers.etag);
      const document = decode(response.body);
      expect(text(document, 1)).toBe('2.0');
      expect(text(decode(one(document, 2)), 1)).toBe('Kubernetes');
      // paths (8) → NamedPathItem (2) → PathItem → patch (8) → vendor extension (13) x-kubernetes-group-version-kind, as YAML.
      const paths = all(decode(one(document, 8)), 2).map(decode);
      const kustomization = paths.find((entry) => text(entry, 1) === KS_OBJECT_PATH)!;
      const patch = decode(one(decode(one(kustomization, 2)), 8));
      const extensions = all(patch, 13).map(decode);
      const gvk = extensions.find((extension) => text(extension, 1) === 'x-kubernetes-group-version-kind')!;
      expect(parseYaml(text(decode(one(gvk, 2)), 2))).toEqual({ group: 'kustomize.toolkit.fluxcd.io', version: 'v1', kind: 'Kustomization' });
      // ...and its query parameters (8 → Parameter 1 → NonBodyParameter 2 → QueryParameterSubSchema 3) name fieldValidation (4).
      const queryNames = all(patch, 8).flatMap((item) => all(decode(one(decode(item), 1)), 2)).flatMap((nonBody) => all(decode(nonBody), 3)).map((query) => text(decode(query), 4));
      expect(queryNames).toContain('fieldValidation');
    }
  });

  it('rebuilds the documents when the cluster starts serving a new kind', async () => {
    const before = await index();
    expect(before.paths['apis/cert-manager.io/v1']).toBeUndefined();
    cluster.server.registry.register({ group: 'cert-manager.io', version: 'v1', kind: 'Certificate' });
    const after = await index();
    expect(after.paths['apis/cert-manager.io/v1']).toBeDefined();
    expect(after.paths['apis/apps/v1']).toEqual(before.paths['apis/apps/v1']);
    const document = (await call(after.paths['apis/cert-manager.io/v1']!.serverRelativeURL)).json<V3Document>();
    expect(document.components.schemas['io.cert-manager.v1.Certificate']?.['x-kubernetes-group-version-kind']).toEqual([{ group: 'cert-manager.io', kind: 'Certificate', version: 'v1' }]);
  });
});
