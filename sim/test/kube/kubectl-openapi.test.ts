import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startKubeTestCluster, type KubeTestCluster } from './kube-test-cluster.js';

const KUSTOMIZATIONS = 'kustomize.toolkit.fluxcd.io/kustomizations';

/** What a user keeps in a fleet repository: a namespace, the sync source and apps. */
const FLEET = `
apiVersion: v1
kind: Namespace
metadata:
  name: podinfo
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: fleet
  namespace: flux-system
spec:
  interval: 1m
  url: https://github.com/acme/fleet
  ref:
    branch: main
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: fleet-apps
  namespace: flux-system
spec:
  interval: 10m
  path: ./apps
  prune: true
  sourceRef:
    kind: GitRepository
    name: fleet
  postBuild:
    substitute:
      cluster: test
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: podinfo
  namespace: podinfo
spec:
  interval: 1h
  url: https://stefanprodan.github.io/podinfo
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: podinfo
  namespace: podinfo
spec:
  interval: 30m
  chart:
    spec:
      chart: podinfo
      version: "6.x"
      sourceRef:
        kind: HelmRepository
        name: podinfo
  values:
    replicaCount: 2
    ingress:
      enabled: true
`;

const kustomization = (name: string, spec: Record<string, unknown>): string =>
  JSON.stringify({ apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name, namespace: 'flux-system' }, spec });

const VALID_SPEC = { interval: '5m', prune: true, sourceRef: { kind: 'GitRepository', name: 'flux-system' } };

describe('OpenAPI, validation and explain, driven by the installed kubectl', () => {
  let cluster: KubeTestCluster;
  const manifest = (name: string, content: string): Promise<string> => cluster.writeManifest(name, content);

  beforeAll(async () => {
    cluster = await startKubeTestCluster();
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it('applies a multi-document fleet with plain kubectl apply -f (client validation reads the server\'s OpenAPI)', async () => {
    const result = await cluster.kubectl(['apply', '-f', await manifest('fleet.yaml', FLEET)]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([
      'namespace/podinfo created',
      'gitrepository.source.toolkit.fluxcd.io/fleet created',
      'kustomization.kustomize.toolkit.fluxcd.io/fleet-apps created',
      'helmrepository.source.toolkit.fluxcd.io/podinfo created',
      'helmrelease.helm.toolkit.fluxcd.io/podinfo created',
    ]);
    expect(cluster.store.get('helm.toolkit.fluxcd.io/helmreleases', 'podinfo', 'podinfo')?.spec?.values).toEqual({ replicaCount: 2, ingress: { enabled: true } });
    // kubectl asked whether the server validates fields itself (OpenAPI v3), and so sent Strict.
    expect(cluster.server.counters.get('get', '/openapi/v3')).toBeGreaterThan(0);

    const again = await cluster.kubectl(['apply', '-f', await manifest('fleet.yaml', FLEET.replace('replicaCount: 2', 'replicaCount: 3'))]);
    expect(again.stderr).toBe('');
    expect(again.stdout).toContain('helmrelease.helm.toolkit.fluxcd.io/podinfo configured');
    expect(cluster.store.get('helm.toolkit.fluxcd.io/helmreleases', 'podinfo', 'podinfo')?.spec?.values).toMatchObject({ replicaCount: 3 });
  });

  it('refuses an invalid Kustomization with the 422 causes kubectl prints', async () => {
    const path = await manifest('invalid.json', kustomization('invalid', { interval: '5 minutes', sourceRef: { kind: 'HelmRepository', name: 'flux-system' } }));
    const result = await cluster.kubectl(['apply', '-f', path]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('The Kustomization "invalid" is invalid:');
    expect(result.stderr).toContain('* spec.prune: Required value');
    expect(result.stderr).toContain(`* spec.interval: Invalid value: "5 minutes": spec.interval in body should match '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$'`);
    expect(result.stderr).toContain('* spec.sourceRef.kind: Unsupported value: "HelmRepository": supported values: "OCIRepository", "GitRepository", "Bucket", "ExternalArtifact"');
    expect(cluster.store.get(KUSTOMIZATIONS, 'flux-system', 'invalid')).toBeUndefined();

    const withoutSource = await cluster.kubectl(['create', '-f', await manifest('no-source.json', kustomization('no-source', { interval: '5m', prune: true }))]);
    expect(withoutSource.stderr).toContain('The Kustomization "no-source" is invalid: spec.sourceRef: Required value');
  });

  it('refuses an unknown field under kubectl\'s default strict validation, prunes it with --validate=false, warns with --validate=warn', async () => {
    const path = await manifest('unknown.json', kustomization('with-unknown', { ...VALID_SPEC, foo: 'bar' }));
    const strict = await cluster.kubectl(['apply', '-f', path]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('Kustomization in version "v1" cannot be handled as a Kustomization: strict decoding error: unknown field "spec.foo"');
    expect(cluster.store.get(KUSTOMIZATIONS, 'flux-system', 'with-unknown')).toBeUndefined();

    const ignored = await cluster.kubectl(['apply', '--validate=false', '-f', path]);
    expect(ignored.stderr).toBe('');
    expect(ignored.stdout).toContain('kustomization.kustomize.toolkit.fluxcd.io/with-unknown created');
    const stored = cluster.store.get(KUSTOMIZATIONS, 'flux-system', 'with-unknown');
    expect(stored?.spec).toEqual(VALID_SPEC);

    const warned = await cluster.kubectl(['apply', '--validate=warn', '-f', await manifest('unknown-2.json', kustomization('with-unknown', { ...VALID_SPEC, suspend: true, foo: 'baz' }))]);
    expect(warned.code).toBe(0);
    expect(warned.stderr).toContain('Warning: unknown field "spec.foo"');
    expect(cluster.store.get(KUSTOMIZATIONS, 'flux-system', 'with-unknown')?.spec).toEqual({ ...VALID_SPEC, suspend: true });
  });

  it('validates a kind: List on the client against /openapi/v2, which kubectl reads in protobuf', async () => {
    // A List is the one input kubectl always validates itself, with the v2 document's models.
    const list = (spec: Record<string, unknown>): string =>
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'listed', namespace: 'flux-system' }, data: { a: 'b' } },
          { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: { name: 'listed', namespace: 'flux-system' }, spec },
        ],
      });
    const invalid = await cluster.kubectl(['apply', '-f', await manifest('invalid-list.json', list({ ...VALID_SPEC, prune: 'yes', foo: 'bar' }))]);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('error validating data: [ValidationError(Kustomization.spec): unknown field "foo" in io.fluxcd.toolkit.kustomize.v1.Kustomization.spec');
    expect(invalid.stderr).toContain('ValidationError(Kustomization.spec.prune): invalid type for io.fluxcd.toolkit.kustomize.v1.Kustomization.spec.prune: got "string", expected "boolean"');
    expect(cluster.store.get(KUSTOMIZATIONS, 'flux-system', 'listed')).toBeUndefined();

    const valid = await cluster.kubectl(['apply', '-f', await manifest('list.json', list(VALID_SPEC))]);
    expect(valid.stderr).toBe('');
    expect(valid.stdout.trim().split('\n')).toEqual(['configmap/listed created', 'kustomization.kustomize.toolkit.fluxcd.io/listed created']);
  });

  it('explains a Flux field from the v2 document too', async () => {
    const explained = await cluster.kubectl(['explain', 'kustomization.spec.sourceRef', '--output=plaintext-openapiv2']);
    expect(explained.stderr).toBe('');
    expect(explained.stdout).toMatch(/RESOURCE: sourceRef <Object>/);
    expect(explained.stdout).toContain('SourceRef is the source holding the manifests.');
    expect(explained.stdout).toMatch(/kind\s+<string> -required-/);
  });

  it('explains a Flux field with the description its schema carries, at a chosen version and recursively', async () => {
    const sourceRef = await cluster.kubectl(['explain', 'kustomization.spec.sourceRef']);
    expect(sourceRef.stderr).toBe('');
    expect(sourceRef.stdout).toMatch(/GROUP:\s+kustomize\.toolkit\.fluxcd\.io/);
    expect(sourceRef.stdout).toMatch(/FIELD: sourceRef <Object>/);
    expect(sourceRef.stdout).toContain('SourceRef is the source holding the manifests.');
    expect(sourceRef.stdout).toMatch(/kind\s+<string> -required-\n\s+enum: OCIRepository, GitRepository, Bucket, ExternalArtifact/);

    const older = await cluster.kubectl(['explain', 'helmrelease.spec.chartRef', '--api-version=helm.toolkit.fluxcd.io/v2beta2']);
    expect(older.stdout).toMatch(/VERSION:\s+v2beta2/);
    expect(older.stdout).toMatch(/enum: OCIRepository, HelmChart\n/);

    const recursive = await cluster.kubectl(['explain', 'gitrepository.spec', '--recursive']);
    expect(recursive.stdout).toMatch(/url\s+<string> -required-/);
    expect(recursive.stdout).toMatch(/ref\s+<Object>\n\s+branch\s+<string>/);
  });

  it('shows the structural schema and printer columns in the CRD and in kubectl get', async () => {
    const crd = await cluster.kubectl(['get', 'crd', 'kustomizations.kustomize.toolkit.fluxcd.io', '-o', 'yaml']);
    const version = (parse(crd.stdout) as { spec: { versions: Array<{ name: string; schema: { openAPIV3Schema: { properties: { spec: { required: string[] } } } }; additionalPrinterColumns: Array<{ name: string }> }> } }).spec.versions[0]!;
    expect(version.name).toBe('v1');
    expect(version.schema.openAPIV3Schema.properties.spec.required).toEqual(['interval', 'prune', 'sourceRef']);
    expect(version.additionalPrinterColumns.map((column) => column.name)).toEqual(['Age', 'Ready', 'Status']);

    const repositories = await cluster.kubectl(['get', 'gitrepositories', '-n', 'flux-system']);
    expect(repositories.stdout.split('\n')[0]).toMatch(/^NAME\s+URL\s+AGE\s+READY\s+STATUS$/);
    expect(repositories.stdout).toContain('https://github.com/acme/fleet');
  });
});
