import { afterEach, describe, expect, it } from 'vitest';
import { FluxControllerSimulator } from '../../src/flux/flux-controller-simulator.js';
import { applyManifests, ManifestError, parseManifests } from '../../src/flux/manifest-loader.js';
import { condition, GIT, HR, KS, newCluster, waitFor } from './flux-test-helpers.js';

// A repository laid out as the Flux docs recommend: clusters/, infrastructure/, apps/.
const REPOSITORY = `
# clusters/production/flux-system/gotk-sync.yaml
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 1m0s
  ref:
    branch: main
  secretRef:
    name: flux-system
  url: ssh://git@github.com/acme/fleet-infra
---
# clusters/production/infrastructure.yaml
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: infra-controllers
  namespace: flux-system
spec:
  interval: 1h
  retryInterval: 1m
  timeout: 5m
  sourceRef:
    kind: GitRepository
    name: flux-system
  path: ./infrastructure/controllers
  prune: true
  wait: true
---
# clusters/production/apps.yaml
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 10m
  dependsOn:
    - name: infra-controllers
  sourceRef:
    kind: GitRepository
    name: flux-system
  path: ./apps/production
  prune: true
---
# infrastructure/controllers/ingress-nginx.yaml
apiVersion: v1
kind: Namespace
metadata:
  name: ingress-nginx
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: ingress-nginx
  namespace: ingress-nginx
spec:
  interval: 24h
  url: https://kubernetes.github.io/ingress-nginx
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: ingress-nginx
  namespace: ingress-nginx
spec:
  interval: 30m
  chart:
    spec:
      chart: ingress-nginx
      version: "*"
      sourceRef:
        kind: HelmRepository
        name: ingress-nginx
        namespace: ingress-nginx
      interval: 12h
  values:
    controller:
      service:
        type: LoadBalancer
---
# apps/base/podinfo/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: podinfo
  labels:
    app: podinfo
spec:
  replicas: 2
  selector:
    matchLabels:
      app: podinfo
  template:
    metadata:
      labels:
        app: podinfo
    spec:
      containers:
        - name: podinfo
          image: ghcr.io/stefanprodan/podinfo:6.7.1
`;

const simulators: FluxControllerSimulator[] = [];
afterEach(() => {
  for (const simulator of simulators.splice(0)) simulator.stop();
});

describe('manifest loader', () => {
  it('parses a repository layout into objects with their store keys', () => {
    const manifests = parseManifests(REPOSITORY);
    expect(manifests.map((manifest) => `${manifest.groupResource} ${manifest.object.metadata.namespace ?? '-'}/${manifest.object.metadata.name}`)).toEqual([
      `${GIT} flux-system/flux-system`,
      `${KS} flux-system/infra-controllers`,
      `${KS} flux-system/apps`,
      '/namespaces -/ingress-nginx',
      'source.toolkit.fluxcd.io/helmrepositories ingress-nginx/ingress-nginx',
      `${HR} ingress-nginx/ingress-nginx`,
      'apps/deployments default/podinfo',
    ]);
  });

  it.each([
    ['apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n', /document 1 \(ConfigMap\): metadata.name is required/],
    ['kind: ConfigMap\nmetadata:\n  name: x\n', /document 1: apiVersion is required/],
    ['---\n- a\n- b\n', /document 1: expected a Kubernetes object/],
    ['a: [unclosed\n', /document 1: invalid YAML/],
  ])('rejects %j with a clear error', (text, message) => {
    expect(() => parseManifests(text)).toThrow(ManifestError);
    expect(() => parseManifests(text)).toThrow(message);
  });

  it('guesses a plural for unknown kinds, or refuses them when strict', () => {
    const text = 'apiVersion: example.com/v1\nkind: Policy\nmetadata:\n  name: p\n';
    expect(parseManifests(text)[0]?.groupResource).toBe('example.com/policies');
    expect(() => parseManifests(text, { strict: true })).toThrow(/no resource type known for Policy in example.com\/v1/);
  });

  it('applies the layout and the simulated controllers reconcile it, honouring dependsOn', async () => {
    const { store, logs } = newCluster();
    // apps waits for infra-controllers: a short --requeue-dependency so its retry comes soon.
    const simulator = new FluxControllerSimulator({ store, logs, reconcileDelayMs: 10, requeueDependencyMs: 50 });
    simulators.push(simulator);
    simulator.start();
    // flux bootstrap writes the sync GitRepository's Secret outside the repository (an ssh URL: a key and known hosts).
    const base64 = (text: string) => Buffer.from(text).toString('base64');
    store.create('/secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'flux-system', namespace: 'flux-system' }, data: { identity: base64('simulated'), 'identity.pub': base64('ssh-ed25519 AAAA'), known_hosts: base64('github.com ssh-ed25519 AAAA') } });
    const applied = applyManifests(store, REPOSITORY);
    expect(applied).toHaveLength(7);
    const apps = await waitFor(() => {
      const object = store.get(KS, 'flux-system', 'apps');
      return condition(object, 'Ready')?.status === 'True' && object;
    }, 'apps Ready');
    const infra = store.get(KS, 'flux-system', 'infra-controllers')!;
    expect(condition(infra, 'Healthy')?.status).toBe('True');
    expect(apps.status?.lastAppliedRevision).toMatch(/^main@sha1:[0-9a-f]{40}$/);
    const release = await waitFor(() => {
      const object = store.get(HR, 'ingress-nginx', 'ingress-nginx');
      return condition(object, 'Ready')?.status === 'True' && object;
    }, 'ingress-nginx Ready');
    expect(condition(release, 'Ready')?.message).toBe('Helm install succeeded for release ingress-nginx/ingress-nginx.v1 with chart ingress-nginx@4.11.3');

    // Re-applying with a changed spec bumps the generation and keeps the status until reconciled.
    applyManifests(store, REPOSITORY.replace('interval: 10m', 'interval: 5m'));
    const reapplied = store.get(KS, 'flux-system', 'apps')!;
    expect(reapplied.metadata.generation).toBe(2);
    await waitFor(() => store.get(KS, 'flux-system', 'apps')?.status?.observedGeneration === 2, 'apps observed generation 2');
  });
});
