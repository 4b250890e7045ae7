import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { negotiateReadRepresentation } from '../../src/kube/content-negotiation.js';
import { KubeApiError } from '../../src/kube/kube-status.js';
import { humanDuration, toJsonPathPlus } from '../../src/kube/table-printers.js';
import type { MemoryObjectStore } from '../../src/store/index.js';
import { ADMIN_TOKEN, seedObjects, startKubeTestCluster, watchLateArrival, type KubeTestCluster } from './kube-test-cluster.js';
import { rawRequest } from './raw-client.js';

/** The Accept header kubectl get sends for lists, gets and watches it prints as a table. */
const KUBECTL_TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const KUSTOMIZATIONS = 'kustomize.toolkit.fluxcd.io/kustomizations';
const AGE = /^\d+s$/;

/** kubectl's table output as header + rows (columns are padded with at least three spaces). */
function parseTable(stdout: string): { header: string[]; rows: string[][] } {
  const [header = '', ...rows] = stdout.trimEnd().split('\n');
  const split = (line: string): string[] => line.trim().split(/\s{2,}/);
  return { header: split(header), rows: rows.map(split) };
}

/** The test cluster's objects plus a running pod with restarts, a fully rolled-out Deployment and two Services. */
function populate(store: MemoryObjectStore, logs: Parameters<typeof seedObjects>[1]): void {
  seedObjects(store, logs);
  store.create('/pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'source-controller-5c4f8d9b7-xyz12', namespace: 'flux-system' },
    spec: { nodeName: 'aks-system-12345678-vmss000000', containers: [{ name: 'manager', image: 'ghcr.io/fluxcd/source-controller:v1.5.0' }] },
    status: {
      phase: 'Running',
      podIP: '10.244.1.7',
      containerStatuses: [{ name: 'manager', ready: true, restartCount: 3, state: { running: { startedAt: '2025-01-01T00:00:00Z' } } }],
    },
  });
  store.create('apps/deployments', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'source-controller', namespace: 'flux-system' },
    spec: { replicas: 1, selector: { matchLabels: { app: 'source-controller' } }, template: { spec: { containers: [{ name: 'manager', image: 'ghcr.io/fluxcd/source-controller:v1.5.0' }] } } },
    status: { replicas: 1, readyReplicas: 1, updatedReplicas: 1, availableReplicas: 1 },
  });
  store.create('/services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'source-controller', namespace: 'flux-system' },
    spec: { type: 'ClusterIP', clusterIP: '10.0.12.34', ports: [{ port: 80, protocol: 'TCP' }], selector: { app: 'source-controller' } },
  });
  store.create('/services', {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'webhook-receiver', namespace: 'flux-system' },
    spec: { type: 'LoadBalancer', clusterIP: '10.0.56.78', ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] },
  });
}

describe('kubectl get prints the server\'s Table columns', () => {
  let cluster: KubeTestCluster;

  beforeAll(async () => {
    cluster = await startKubeTestCluster({}, { populate });
  });
  afterAll(async () => {
    await cluster?.close();
  });

  let manifests = 0;
  const kubectlApply = async (yaml: string) => {
    const path = join(cluster.dir, `tables-${(manifests += 1)}.yaml`);
    await writeFile(path, yaml);
    return cluster.kubectl(['apply', '-f', path]);
  };

  const kubectlTable = async (args: string[]) => {
    const result = await cluster.kubectl(['get', ...args]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return parseTable(result.stdout);
  };

  it('shows Kustomizations\' Ready and Status columns from the CRD\'s printer columns', async () => {
    const { header, rows } = await kubectlTable(['kustomizations', '-A']);
    expect(header).toEqual(['NAMESPACE', 'NAME', 'AGE', 'READY', 'STATUS']);
    expect(rows).toEqual([
      ['flux-system', 'apps', expect.stringMatching(AGE), 'True', 'Applied revision: main@sha1:0123456789abcdef'],
      ['flux-system', 'infra-configs', expect.stringMatching(AGE), 'False', 'kustomization path not found'],
      ['flux-system', 'infra-controllers', expect.stringMatching(AGE), 'True', 'Applied revision: main@sha1:0123456789abcdef'],
    ]);
  });

  it('shows HelmReleases\' Ready and Status columns', async () => {
    const { header, rows } = await kubectlTable(['helmreleases', '-A']);
    expect(header).toEqual(['NAMESPACE', 'NAME', 'AGE', 'READY', 'STATUS']);
    expect(rows).toEqual([['apps', 'podinfo', expect.stringMatching(AGE), 'True', 'Applied revision: main@sha1:0123456789abcdef']]);
  });

  it('shows pods\' readiness, status and restarts, and with -o wide their IP and node', async () => {
    const { header, rows } = await kubectlTable(['pods', '-n', 'flux-system']);
    expect(header).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(rows).toEqual([
      // Seeded without container statuses: no container has reported ready yet.
      ['kustomize-controller-7d9f8b7c6d-abcde', '0/1', 'Running', '0', expect.stringMatching(AGE)],
      ['source-controller-5c4f8d9b7-xyz12', '1/1', 'Running', '3', expect.stringMatching(AGE)],
    ]);
    const wide = await kubectlTable(['pods', '-n', 'flux-system', '-o', 'wide']);
    expect(wide.header).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    expect(wide.rows[1]).toEqual(['source-controller-5c4f8d9b7-xyz12', '1/1', 'Running', '3', expect.stringMatching(AGE), '10.244.1.7', 'aks-system-12345678-vmss000000', '<none>', '<none>']);
  });

  it('shows nodes as Ready with their kubelet version, and with -o wide their addresses and OS', async () => {
    const { header, rows } = await kubectlTable(['nodes']);
    expect(header).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toEqual([expect.stringMatching(/^aks-system-\d{8}-vmss\d{6}$/), 'Ready', '<none>', expect.stringMatching(AGE), 'v1.31.4']);
    const wide = await kubectlTable(['nodes', '-o', 'wide']);
    expect(wide.header).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME']);
    expect(wide.rows.map((row) => row.slice(5))).toEqual([4, 5, 6].map((host) => [`10.224.0.${host}`, '<none>', 'Ubuntu 22.04.5 LTS', '5.15.0-1089-azure', 'containerd://1.7.27-1']));
  });

  it('shows deployments, namespaces and services with their usual columns', async () => {
    const deployments = await kubectlTable(['deployments', '-n', 'flux-system']);
    expect(deployments.header).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    expect(deployments.rows).toEqual([['source-controller', '1/1', '1', '1', expect.stringMatching(AGE)]]);

    const namespaces = await kubectlTable(['namespaces']);
    expect(namespaces.header).toEqual(['NAME', 'STATUS', 'AGE']);
    expect(namespaces.rows.map((row) => row.slice(0, 2))).toEqual([
      ['apps', 'Active'],
      ['default', 'Active'],
      ['flux-system', 'Active'],
      // Every cluster has these (cluster-infrastructure.ts).
      ['kube-node-lease', 'Active'],
      ['kube-public', 'Active'],
      ['kube-system', 'Active'],
    ]);

    const services = await kubectlTable(['services', '-n', 'flux-system']);
    expect(services.header).toEqual(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE']);
    expect(services.rows).toEqual([
      ['source-controller', 'ClusterIP', '10.0.12.34', '<none>', '80/TCP', expect.stringMatching(AGE)],
      ['webhook-receiver', 'LoadBalancer', '10.0.56.78', '<pending>', '80:30080/TCP', expect.stringMatching(AGE)],
    ]);
  });

  it('shows Name and Age for kinds without a printer of their own', async () => {
    await cluster.kubectl(['create', 'role', 'reader', '-n', 'apps', '--verb=get', '--resource=pods']);
    const { header, rows } = await kubectlTable(['roles', '-n', 'apps']);
    expect(header).toEqual(['NAME', 'AGE']);
    expect(rows).toEqual([['reader', expect.stringMatching(AGE)]]);
  });

  it('shows storage classes (the default one marked), leases, service accounts, claims and ingresses with their columns', async () => {
    const classes = await kubectlTable(['storageclasses']);
    expect(classes.header).toEqual(['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE']);
    expect(classes.rows).toEqual([['default (default)', 'disk.csi.azure.com', 'Delete', 'WaitForFirstConsumer', 'true', expect.stringMatching(AGE)]]);

    const applied = await kubectlApply(`apiVersion: coordination.k8s.io/v1
kind: Lease
metadata:
  name: source-controller-leader-election
  namespace: apps
spec:
  holderIdentity: source-controller-5c4f8d9b7-xyz12_0b6f
  leaseDurationSeconds: 35
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: builder
  namespace: apps
secrets:
  - name: builder-token
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
  namespace: apps
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: default
  resources:
    requests:
      storage: 1Gi
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: apps
spec:
  ingressClassName: nginx
  tls:
    - hosts: [web.example.com]
  rules:
    - host: web.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 80
`);
    expect(applied.code, applied.stderr).toBe(0);
    const leases = await kubectlTable(['leases', '-n', 'apps']);
    expect(leases.header).toEqual(['NAME', 'HOLDER', 'AGE']);
    expect(leases.rows).toEqual([['source-controller-leader-election', 'source-controller-5c4f8d9b7-xyz12_0b6f', expect.stringMatching(AGE)]]);
    const accounts = await kubectlTable(['serviceaccounts', 'builder', '-n', 'apps']);
    expect(accounts.header).toEqual(['NAME', 'SECRETS', 'AGE']);
    expect(accounts.rows).toEqual([['builder', '1', expect.stringMatching(AGE)]]);
    const claims = await kubectlTable(['pvc', '-n', 'apps']);
    expect(claims.header).toEqual(['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE']);
    // Pending: columns without a value print as blanks, which split away.
    expect(claims.rows).toEqual([['data', 'Pending', 'default', '<unset>', expect.stringMatching(AGE)]]);
    const ingresses = await kubectlTable(['ingresses', '-n', 'apps']);
    expect(ingresses.header).toEqual(['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE']);
    expect(ingresses.rows).toEqual([['web', 'nginx', 'web.example.com', '80, 443', expect.stringMatching(AGE)]]);
  });

  it('shows workload kinds with their columns', async () => {
    const template = (name: string) => `template:
      metadata:
        labels:
          app: ${name}
      spec:
        containers:
          - name: main
            image: ghcr.io/example/${name}:1.0.0`;
    const applied = await kubectlApply(`apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: web-7d9c8b6f5
  namespace: apps
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  ${template('web')}
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: apps
spec:
  replicas: 3
  serviceName: db
  selector:
    matchLabels:
      app: db
  ${template('db')}
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  namespace: apps
spec:
  selector:
    matchLabels:
      app: agent
  ${template('agent').replace('spec:\n', 'spec:\n        nodeSelector:\n          kubernetes.io/os: linux\n')}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  namespace: apps
spec:
  completions: 1
  ${template('migrate').replace('containers:', 'restartPolicy: Never\n        containers:')}
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: backup
  namespace: apps
spec:
  schedule: "0 3 * * *"
  timeZone: Europe/Berlin
  jobTemplate:
    spec:
      ${template('backup').replace('containers:', 'restartPolicy: OnFailure\n        containers:').replaceAll('\n', '\n    ')}
`);
    expect(applied.code, applied.stderr).toBe(0);
    const replicaSets = await kubectlTable(['replicasets', '-n', 'apps', '-o', 'wide']);
    expect(replicaSets.header).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
    expect(replicaSets.rows).toEqual([['web-7d9c8b6f5', '2', '0', '0', expect.stringMatching(AGE), 'main', 'ghcr.io/example/web:1.0.0', 'app=web']]);
    const statefulSets = await kubectlTable(['statefulsets', '-n', 'apps']);
    expect(statefulSets.header).toEqual(['NAME', 'READY', 'AGE']);
    expect(statefulSets.rows).toEqual([['db', '0/3', expect.stringMatching(AGE)]]);
    const daemonSets = await kubectlTable(['daemonsets', '-n', 'apps']);
    expect(daemonSets.header).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE']);
    expect(daemonSets.rows).toEqual([['agent', '0', '0', '0', '0', '0', 'kubernetes.io/os=linux', expect.stringMatching(AGE)]]);
    const jobs = await kubectlTable(['jobs', '-n', 'apps']);
    expect(jobs.header).toEqual(['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE']);
    expect(jobs.rows).toEqual([['migrate', 'Running', '0/1', expect.stringMatching(AGE)]]);
    const cronJobs = await kubectlTable(['cronjobs', '-n', 'apps']);
    expect(cronJobs.header).toEqual(['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE']);
    expect(cronJobs.rows).toEqual([['backup', '0 3 * * *', 'Europe/Berlin', 'False', '0', '<none>', expect.stringMatching(AGE)]]);
  });

  it('allocates a cluster IP to a Service created without one', async () => {
    const created = await cluster.kubectl(['create', 'service', 'clusterip', 'api', '-n', 'apps', '--tcp=8080:8080']);
    expect(created.code, created.stderr).toBe(0);
    const service = JSON.parse((await cluster.kubectl(['get', 'service', 'api', '-n', 'apps', '-o', 'json'])).stdout) as { spec: { clusterIP: string; clusterIPs: string[] } };
    expect(service.spec.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    expect(service.spec.clusterIPs).toEqual([service.spec.clusterIP]);
    const services = await kubectlTable(['services', 'api', '-n', 'apps']);
    expect(services.rows).toEqual([['api', 'ClusterIP', service.spec.clusterIP, '<none>', '8080/TCP', expect.stringMatching(AGE)]]);
    const headless = await cluster.kubectl(['create', 'service', 'clusterip', 'peers', '-n', 'apps', '--clusterip=None']);
    expect(headless.code, headless.stderr).toBe(0);
    expect((await kubectlTable(['services', 'peers', '-n', 'apps'])).rows[0]?.[2]).toBe('None');
  });

  it('streams watch events as table rows (kubectl get --watch)', async () => {
    const { output, errors } = await watchLateArrival(cluster);
    const { header, rows } = parseTable(output);
    expect(header).toEqual(['NAME', 'AGE', 'READY', 'STATUS']);
    expect(rows.map((row) => row[0])).toEqual(['apps', 'infra-configs', 'infra-controllers', 'late-arrival']);
    expect(errors).toBe('');
  });
});

describe('Table responses over HTTP', () => {
  let cluster: KubeTestCluster;

  beforeAll(async () => {
    cluster = await startKubeTestCluster();
  });
  afterAll(async () => {
    await cluster?.close();
  });

  const get = (path: string, accept: string) => rawRequest(`${cluster.server.url}${path}`, { ca: cluster.server.caPem, token: ADMIN_TOKEN, headers: { Accept: accept } });

  it('answers a list with a meta.k8s.io/v1 Table: columns, cells, row metadata and the list\'s paging', async () => {
    const response = await get('/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations?limit=2', KUBECTL_TABLE_ACCEPT);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    const table = response.json<{
      kind: string;
      apiVersion: string;
      metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
      columnDefinitions: { name: string; type: string; format: string; description: string; priority: number }[];
      rows: { cells: unknown[]; object: { kind: string; apiVersion: string; metadata: { name: string; namespace: string; uid: string; resourceVersion: string } } }[];
    }>();
    expect(table.kind).toBe('Table');
    expect(table.apiVersion).toBe('meta.k8s.io/v1');
    expect(table.metadata.resourceVersion).toBe(String(cluster.store.currentResourceVersion()));
    expect(table.metadata.continue).toEqual(expect.any(String));
    expect(table.metadata.remainingItemCount).toBe(1);
    expect(table.columnDefinitions.map(({ name, type, format, priority }) => ({ name, type, format, priority }))).toEqual([
      { name: 'Name', type: 'string', format: 'name', priority: 0 },
      { name: 'Age', type: 'date', format: '', priority: 0 },
      { name: 'Ready', type: 'string', format: '', priority: 0 },
      { name: 'Status', type: 'string', format: '', priority: 0 },
    ]);
    expect(table.columnDefinitions[2]!.description).toBe('Custom resource definition column (in JSONPath format): .status.conditions[?(@.type=="Ready")].status');
    expect(table.rows.map((row) => row.cells)).toEqual([
      ['apps', expect.stringMatching(AGE), 'True', 'Applied revision: main@sha1:0123456789abcdef'],
      ['infra-configs', expect.stringMatching(AGE), 'False', 'kustomization path not found'],
    ]);
    const stored = cluster.store.get(KUSTOMIZATIONS, 'flux-system', 'apps')!;
    expect(table.rows[0]!.object).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: stored.metadata });

    const nextPage = await get(`/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations?limit=2&continue=${table.metadata.continue}`, KUBECTL_TABLE_ACCEPT);
    expect(nextPage.json<{ rows: { cells: unknown[] }[]; metadata: Record<string, unknown> }>()).toMatchObject({ metadata: { resourceVersion: table.metadata.resourceVersion }, rows: [{ cells: ['infra-controllers', expect.stringMatching(AGE), 'True', expect.any(String)] }] });
  });

  it('carries the whole object with includeObject=Object, and answers a get with a one-row Table', async () => {
    const response = await get('/api/v1/namespaces/flux-system/pods/kustomize-controller-7d9f8b7c6d-abcde?includeObject=Object', KUBECTL_TABLE_ACCEPT);
    const table = response.json<{ metadata: { resourceVersion: string }; rows: { cells: unknown[]; object: Record<string, unknown> }[] }>();
    const stored = cluster.store.get('/pods', 'flux-system', 'kustomize-controller-7d9f8b7c6d-abcde')!;
    expect(table.metadata.resourceVersion).toBe(stored.metadata.resourceVersion);
    expect(table.rows).toHaveLength(1);
    expect(table.rows[0]!.cells.slice(0, 4)).toEqual(['kustomize-controller-7d9f8b7c6d-abcde', '0/1', 'Running', '0']);
    expect(table.rows[0]!.object).toEqual(stored);

    const invalid = await get('/api/v1/namespaces/flux-system/pods?includeObject=Everything', KUBECTL_TABLE_ACCEPT);
    expect(invalid.status).toBe(400);
    expect(invalid.json()).toMatchObject({ kind: 'Status', reason: 'BadRequest', message: 'unrecognized includeObject value: "Everything"' });
  });

  it('honours the first acceptable Accept entry and falls back to objects, or 406 when nothing is acceptable', async () => {
    const v1beta1 = await get('/api/v1/namespaces', 'application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json');
    expect(v1beta1.json()).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1beta1' });

    const plain = await get('/api/v1/namespaces', 'application/json;as=Table;v=v2;g=meta.k8s.io, application/json;q=0.9');
    expect(plain.json()).toMatchObject({ kind: 'NamespaceList', apiVersion: 'v1' });

    const refused = await get('/api/v1/namespaces', 'text/html');
    expect(refused.status).toBe(406);
    expect(refused.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'only the following media types are accepted: application/json',
      reason: 'NotAcceptable',
      code: 406,
    });
  });
});

describe('table helpers', () => {
  it('formats ages as kube-apiserver does', () => {
    expect([0, 59_000, 119_000, 200_000, 600_000, 7_500_000, 30 * 3_600_000, 3 * 86_400_000 + 3_600_000, 400 * 86_400_000, 3 * 365 * 86_400_000].map(humanDuration)).toEqual([
      '0s',
      '59s',
      '119s',
      '3m20s',
      '10m',
      '125m',
      '30h',
      '3d1h',
      '400d',
      '3y',
    ]);
  });

  it('roots Kubernetes JSONPath at $ for jsonpath-plus', () => {
    expect(toJsonPathPlus('.status.conditions[?(@.type=="Ready")].status')).toBe('$.status.conditions[?(@.type=="Ready")].status');
    expect(toJsonPathPlus('{.spec.suspend}')).toBe('$.spec.suspend');
  });

  it('prefers entries by quality, and refuses what it cannot serve', () => {
    expect(negotiateReadRepresentation('application/json;q=0.5,application/json;as=Table;v=v1;g=meta.k8s.io')).toEqual({ kind: 'table', version: 'v1' });
    expect(negotiateReadRepresentation(undefined)).toEqual({ kind: 'object' });
    expect(negotiateReadRepresentation('application/yaml, */*')).toEqual({ kind: 'object' });
    expect(() => negotiateReadRepresentation('application/vnd.kubernetes.protobuf')).toThrow(KubeApiError);
  });
});
