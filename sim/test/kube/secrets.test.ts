import { ApiException, CoreV1Api, KubeConfig, PatchStrategy, setHeaderOptions, type V1Secret } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKubeconfig } from '../../src/kube/kubeconfig.js';
import { decodeGoBase64, goFormatValue, secretFromWire } from '../../src/kube/secret-data.js';
import { applyManifests, ManifestError } from '../../src/flux/manifest-loader.js';
import { MemoryObjectStore } from '../../src/store/memory-object-store.js';
import type { KubeObject } from '../../src/store/types.js';
import { ADMIN_TOKEN, startKubeTestCluster, type KubeTestCluster } from './kube-test-cluster.js';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const plain = (value: unknown): string => Buffer.from(String(value), 'base64').toString('utf8');

interface FieldsEntry {
  manager: string;
  operation: string;
  fieldsV1: Record<string, unknown>;
}

describe('Secret decoding, as kube-apiserver decodes core/v1 Secrets', () => {
  it('decodes base64 as Go does and reports the byte Go reports', () => {
    // Valid: padded, unpadded quantums, and newlines (ignored by Go's decoder).
    expect(decodeGoBase64('c2VjcmV0')).toEqual({ bytes: Buffer.from('secret') });
    expect(decodeGoBase64('YQ==')).toEqual({ bytes: Buffer.from('a') });
    expect(decodeGoBase64('YWI=')).toEqual({ bytes: Buffer.from('ab') });
    expect(decodeGoBase64('YWJj\nZGVm\r\n')).toEqual({ bytes: Buffer.from('abcdef') });
    expect(decodeGoBase64('')).toEqual({ bytes: Buffer.alloc(0) });
    // Invalid, with Go's offsets (`illegal base64 data at input byte N`).
    expect(decodeGoBase64('billy')).toEqual({ corruptAt: 4 }); // the classic `username: billy`
    expect(decodeGoBase64('admin')).toEqual({ corruptAt: 4 });
    expect(decodeGoBase64('abc')).toEqual({ corruptAt: 0 }); // an unpadded last quantum
    expect(decodeGoBase64('wombat')).toEqual({ corruptAt: 4 });
    expect(decodeGoBase64('<foo>')).toEqual({ corruptAt: 0 });
    expect(decodeGoBase64('not base64')).toEqual({ corruptAt: 3 });
    expect(decodeGoBase64('YQ=')).toEqual({ corruptAt: 3 }); // not enough padding
    expect(decodeGoBase64('Y===')).toEqual({ corruptAt: 1 });
    expect(decodeGoBase64('YQ==YQ==')).toEqual({ corruptAt: 4 }); // data after the padding
    expect(decodeGoBase64('c2VjcmV0-')).toEqual({ corruptAt: 8 }); // base64url is not StdEncoding
  });

  it('merges stringData into data (stringData wins), drops stringData, canonicalises data and defaults the type', () => {
    const stored = secretFromWire({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { username: b64('old'), token: 'dG9r\ndGVu' },
      stringData: { username: 'git', password: 'p@ss wörd' },
    });
    expect(stored).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { password: b64('p@ss wörd'), token: b64('tokten'), username: b64('git') },
      type: 'Opaque',
    });
    expect(Object.keys(stored.data as object)).toEqual(['password', 'token', 'username']);
    // Nothing to hold: no data at all (Go omits an empty map).
    expect(secretFromWire({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'e' }, data: {}, type: 'kubernetes.io/tls' })).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'e' }, type: 'kubernetes.io/tls' });
    expect(() => secretFromWire({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'n' }, data: { port: 8080 } })).toThrow('json: cannot unmarshal number into Go struct field Secret.data of type []uint8');
    expect(() => secretFromWire({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'n' }, stringData: { port: 8080 } })).toThrow('json: cannot unmarshal number into Go struct field Secret.stringData of type string');
  });

  it('prints a patch map as Go does', () => {
    expect(goFormatValue({ data: { b: 'x', a: 'y!' }, metadata: { labels: null }, list: [1, true] })).toBe('map[data:map[a:y! b:x] list:[1 true] metadata:map[labels:<nil>]]');
  });

  it('is what manifests loaded straight into a store hold, and refuses bad base64 there too', () => {
    const store = new MemoryObjectStore();
    store.create('/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'flux-system' } });
    const [stored] = applyManifests(store, 'apiVersion: v1\nkind: Secret\nmetadata: { name: git-auth, namespace: flux-system }\nstringData: { username: git, password: token }\n');
    expect(stored).toMatchObject({ data: { password: b64('token'), username: b64('git') }, type: 'Opaque' });
    expect(stored).not.toHaveProperty('stringData');
    expect(() => applyManifests(store, 'apiVersion: v1\nkind: Secret\nmetadata: { name: bad, namespace: flux-system }\ndata: { username: billy }\n')).toThrow(
      new ManifestError('document 1 (Secret bad): Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 4'),
    );
  });
});

describe('Secrets through the API, driven by the installed kubectl', () => {
  let cluster: KubeTestCluster;

  beforeAll(async () => {
    cluster = await startKubeTestCluster();
  });
  afterAll(async () => {
    await cluster?.close();
  });

  const run = async (args: string[]): Promise<string> => {
    const result = await cluster.kubectl(args);
    if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  };
  const getSecret = async (name: string): Promise<KubeObject> => JSON.parse(await run(['get', 'secret', name, '-n', 'apps', '-o', 'json', '--show-managed-fields'])) as KubeObject;
  const fieldsOf = (secret: KubeObject, manager: string): Record<string, unknown> | undefined =>
    ((secret.metadata.managedFields ?? []) as FieldsEntry[]).find((entry) => entry.manager === manager)?.fieldsV1;

  it('stores `kubectl create secret generic --from-literal` as base64 data', async () => {
    expect(await run(['create', 'secret', 'generic', 'literal', '-n', 'apps', '--from-literal=username=git', '--from-literal=password=s3cr3t!'])).toBe('secret/literal created\n');
    const secret = await getSecret('literal');
    expect(secret).toMatchObject({ apiVersion: 'v1', kind: 'Secret', type: 'Opaque', data: { password: b64('s3cr3t!'), username: b64('git') } });
    expect(secret).not.toHaveProperty('stringData');
    // kubectl get prints what it prints against a real cluster: TYPE and the number of keys.
    const table = await run(['get', 'secret', 'literal', '-n', 'apps']);
    expect(table).toMatch(/^NAME\s+TYPE\s+DATA\s+AGE\nliteral\s+Opaque\s+2\s+\d+s\n$/);
  });

  it('merges stringData into data on `kubectl apply -f` (stringData wins) and never returns it; a second apply updates data', async () => {
    const manifest = (password: string) =>
      [
        'apiVersion: v1',
        'kind: Secret',
        'metadata: { name: applied, namespace: apps }',
        `data: { username: ${b64('from-data')}, ca.crt: ${b64('CERT')} }`,
        `stringData: { username: git, password: ${password} }`,
        '',
      ].join('\n');
    expect(await run(['apply', '-f', await cluster.writeManifest('applied-1.yaml', manifest('first'))])).toBe('secret/applied created\n');
    const created = await getSecret('applied');
    expect(created.data).toEqual({ 'ca.crt': b64('CERT'), password: b64('first'), username: b64('git') });
    expect(created).not.toHaveProperty('stringData');
    expect(created.type).toBe('Opaque');
    // kubectl keeps what was applied (stringData included) in its annotation; the server tracks data.
    expect(JSON.parse(created.metadata.annotations!['kubectl.kubernetes.io/last-applied-configuration']!)).toMatchObject({ stringData: { username: 'git', password: 'first' } });
    const clientSide = fieldsOf(created, 'kubectl-client-side-apply');
    expect(clientSide).toMatchObject({ 'f:data': { 'f:ca.crt': {}, 'f:password': {}, 'f:username': {} } });
    expect(clientSide).not.toHaveProperty('f:stringData');

    // The live object has no stringData, so kubectl's patch always carries it: data follows.
    expect(await run(['apply', '-f', await cluster.writeManifest('applied-2.yaml', manifest('second'))])).toBe('secret/applied configured\n');
    const updated = await getSecret('applied');
    expect(Object.fromEntries(Object.entries(updated.data as Record<string, string>).map(([key, value]) => [key, plain(value)]))).toEqual({ 'ca.crt': 'CERT', password: 'second', username: 'git' });
    expect(updated).not.toHaveProperty('stringData');
  });

  it('merges stringData on `kubectl apply --server-side`, where the applier owns stringData fields', async () => {
    const path = await cluster.writeManifest('ssa.yaml', 'apiVersion: v1\nkind: Secret\nmetadata: { name: server-side, namespace: apps }\nstringData: { token: abc }\n');
    expect(await run(['apply', '--server-side', '-f', path])).toBe('secret/server-side serverside-applied\n');
    const secret = await getSecret('server-side');
    expect(secret).toMatchObject({ data: { token: b64('abc') }, type: 'Opaque' });
    expect(secret).not.toHaveProperty('stringData');
    // As on a real cluster: the applied configuration is tracked as written.
    expect(fieldsOf(secret, 'kubectl')).toMatchObject({ 'f:stringData': { 'f:token': {} } });
    // Applying it again keeps the data. (The live object never has the stringData the applier
    // owns, so, as on a real cluster, the manager's timestamp moves when a second has passed.)
    await run(['apply', '--server-side', '-f', path]);
    const again = await getSecret('server-side');
    expect(again.data).toEqual({ token: b64('abc') });
    expect(fieldsOf(again, 'kubectl')).toEqual({ 'f:stringData': { 'f:token': {} } });
  });

  it('merges stringData sent in a merge patch and in a replace', async () => {
    await run(['create', 'secret', 'generic', 'patched', '-n', 'apps', '--from-literal=username=git']);
    await run(['patch', 'secret', 'patched', '-n', 'apps', '--type=merge', '-p', JSON.stringify({ stringData: { password: 'token' } })]);
    expect((await getSecret('patched')).data).toEqual({ password: b64('token'), username: b64('git') });
    const current = await getSecret('patched');
    const replacement = { ...current, stringData: { username: 'admin' } };
    await run(['replace', '-f', await cluster.writeManifest('replace.json', JSON.stringify(replacement))]);
    const replaced = await getSecret('patched');
    expect(replaced.data).toEqual({ password: b64('token'), username: b64('admin') });
    expect(replaced).not.toHaveProperty('stringData');
  });

  it('refuses data that is not base64 as kube-apiserver does: 400 on create, 422 on the patch of kubectl apply, 500 from server-side apply', async () => {
    const bad = (name: string) => `apiVersion: v1\nkind: Secret\nmetadata: { name: ${name}, namespace: apps }\ndata: { username: billy }\n`;
    const created = await cluster.kubectl(['create', '-f', await cluster.writeManifest('bad-create.yaml', bad('bad-create'))]);
    expect(created.code).toBe(1);
    expect(created.stderr).toMatch(/^Error from server \(BadRequest\): error when creating ".*bad-create\.yaml": Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 4\n$/);
    expect(cluster.store.get('/secrets', 'apps', 'bad-create')).toBeUndefined();

    // An existing Secret: `kubectl apply` sends a strategic merge patch, which the server cannot convert back.
    await run(['create', 'secret', 'generic', 'bad-apply', '-n', 'apps', '--from-literal=username=git']);
    const applied = await cluster.kubectl(['apply', '-f', await cluster.writeManifest('bad-apply.yaml', bad('bad-apply'))]);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain('The request is invalid: patch: Invalid value: "map[data:map[username:billy] metadata:map[annotations:map[kubectl.kubernetes.io/last-applied-configuration:');
    expect(applied.stderr).toContain('illegal base64 data at input byte 4');
    expect(plain((cluster.store.get('/secrets', 'apps', 'bad-apply')?.data as Record<string, string>).username)).toBe('git');

    const ssa = await cluster.kubectl(['apply', '--server-side', '-f', await cluster.writeManifest('bad-ssa.yaml', bad('bad-ssa'))]);
    expect(ssa.code).toBe(1);
    expect(ssa.stderr).toContain('failed to convert new object (apps/bad-ssa; /v1, Kind=Secret) to proper version: illegal base64 data at input byte 4');
    expect(cluster.store.get('/secrets', 'apps', 'bad-ssa')).toBeUndefined();
  });

  it('validates Secrets as ValidateSecret does: data keys, the type\'s required keys, an immutable type', async () => {
    const keys = await cluster.kubectl(['create', '-f', await cluster.writeManifest('bad-key.yaml', 'apiVersion: v1\nkind: Secret\nmetadata: { name: bad-key, namespace: apps }\nstringData: { "bad key": x }\n')]);
    expect(keys.code).toBe(1);
    expect(keys.stderr).toContain(`The Secret "bad-key" is invalid: data[bad key]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters, '-', '_' or '.'`);
    const tls = await cluster.kubectl(['create', 'secret', 'generic', 'not-tls', '-n', 'apps', '--type=kubernetes.io/tls', '--from-literal=tls.crt=CERT']);
    expect(tls.code).toBe(1);
    expect(tls.stderr).toContain('Secret "not-tls" is invalid: data[tls.key]: Required value');
    await run(['create', 'secret', 'generic', 'typed', '-n', 'apps', '--from-literal=a=b']);
    const retyped = await cluster.kubectl(['patch', 'secret', 'typed', '-n', 'apps', '--type=merge', '-p', '{"type":"kubernetes.io/basic-auth"}']);
    expect(retyped.code).toBe(1);
    expect(retyped.stderr).toContain('type: Invalid value: "kubernetes.io/basic-auth": field is immutable');
    await run(['patch', 'secret', 'typed', '-n', 'apps', '--type=merge', '-p', '{"immutable":true}']);
    const frozen = await cluster.kubectl(['patch', 'secret', 'typed', '-n', 'apps', '--type=merge', '-p', '{"stringData":{"a":"c"}}']);
    expect(frozen.code).toBe(1);
    expect(frozen.stderr).toContain('data: Forbidden: field is immutable when `immutable` is set');
  });
});

describe('Secrets through the API, driven by @kubernetes/client-node', () => {
  let cluster: KubeTestCluster;
  let api: CoreV1Api;

  beforeAll(async () => {
    cluster = await startKubeTestCluster();
    const config = new KubeConfig();
    config.loadFromString(buildKubeconfig({ name: 'test', server: cluster.server.url, caPem: cluster.server.caPem, credential: { token: ADMIN_TOKEN } }));
    api = config.makeApiClient(CoreV1Api);
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it('creates, replaces and patches with stringData and reads back only data', async () => {
    const created = await api.createNamespacedSecret({ namespace: 'apps', body: { metadata: { name: 'node-client' }, stringData: { username: 'git', password: 'first' } } });
    expect(created.data).toEqual({ password: b64('first'), username: b64('git') });
    expect(created.stringData).toBeUndefined();
    expect(created.type).toBe('Opaque');

    const replaced = await api.replaceNamespacedSecret({ name: 'node-client', namespace: 'apps', body: { ...created, stringData: { password: 'second' } } });
    expect(replaced.data).toEqual({ password: b64('second'), username: b64('git') });

    const patched = await api.patchNamespacedSecret({ name: 'node-client', namespace: 'apps', body: { stringData: { token: 't' } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    expect(patched.data).toEqual({ password: b64('second'), token: b64('t'), username: b64('git') });

    const read: V1Secret = await api.readNamespacedSecret({ name: 'node-client', namespace: 'apps' });
    expect(read.data).toEqual(patched.data);
    expect(read.stringData).toBeUndefined();
    const listed = await api.listNamespacedSecret({ namespace: 'apps' });
    expect(listed.items.find((item) => item.metadata?.name === 'node-client')?.stringData).toBeUndefined();
  });

  it('answers data that is not base64 with the API server\'s Status', async () => {
    const created = await api.createNamespacedSecret({ namespace: 'apps', body: { metadata: { name: 'node-bad' }, data: { username: 'billy' } } }).catch((error: unknown) => error);
    expect(created).toBeInstanceOf(ApiException);
    const failure = created as ApiException<string>;
    expect(failure.code).toBe(400);
    expect(JSON.parse(failure.body)).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 4',
      reason: 'BadRequest',
      code: 400,
    });

    await api.createNamespacedSecret({ namespace: 'apps', body: { metadata: { name: 'node-patch' }, data: { username: b64('git') } } });
    const patched = await api
      .patchNamespacedSecret({ name: 'node-patch', namespace: 'apps', body: { data: { username: 'billy' } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch))
      .catch((error: unknown) => error);
    expect(patched).toBeInstanceOf(ApiException);
    const status = JSON.parse((patched as ApiException<string>).body) as { code: number; reason: string; message: string; details: { causes: Array<{ field: string; message: string }> } };
    expect(status).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(status.message).toMatch(/^ "" is invalid: patch: Invalid value: "\{.*\\"username\\":\\"billy\\".*\}": illegal base64 data at input byte 4$/);
    expect(status.details.causes).toEqual([{ reason: 'FieldValueInvalid', field: 'patch', message: expect.stringMatching(/^Invalid value: ".*": illegal base64 data at input byte 4$/) }]);
  });
});
