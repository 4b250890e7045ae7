/**
 * `npm run demo`: the product against a simulated fleet, ready for the seed's three Azure steps.
 *
 * Starts a simulated fleet (plain clusters with a mix of Flux releases, one of them down) and one simulated Azure
 * subscription with AKS clusters, then the real server as its own process. The server trusts the
 * simulator's CA through NODE_EXTRA_CA_CERTS and uses it as its default cloud, exactly as an
 * installation in a private cloud would be configured. Prints the URL, the initial admin's
 * sign-in (the server wrote it to a 0600 file in the demo's data dir) and the credentials.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MIXED_FLEET_FLUX_VERSIONS, startFleet } from '../sim/src/index.js';
import { stageDemoScenarios } from './demo-scenarios.js';

const USAGE = `npm run demo -- [options]

Starts a simulated fleet and a simulated Azure subscription, then the server against them.

  --port N               the server's port (default: $PORT or 8080)
  --clusters N           clusters registered by kubeconfig (default 4; the last one is down)
  --aks-clusters N       AKS clusters in the simulated subscription (default 6)
  --objects N            Flux objects per cluster (default 60)
  --flux-versions LIST   Flux releases of the plain clusters, in turn (default ${MIXED_FLEET_FLUX_VERSIONS.join(',')})
  --help                 this text`;

function demoOptions() {
  try {
    return parseArgs({
      options: {
        port: { type: 'string', default: process.env.PORT ?? '8080' },
        clusters: { type: 'string', default: '4' },
        'aks-clusters': { type: 'string', default: '6' },
        objects: { type: 'string', default: '60' },
        'flux-versions': { type: 'string', default: MIXED_FLEET_FLUX_VERSIONS.join(',') },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
}

const values = demoOptions();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const root = path.resolve(import.meta.dirname, '..');
const demoDir = path.join(root, '.demo');
if (!existsSync(path.join(root, 'server/dist/main.js'))) throw new Error('run `npm run demo` (it builds first), or `npm run build` before this script');
rmSync(demoDir, { recursive: true, force: true });
mkdirSync(demoDir, { recursive: true });

const fleet = await startFleet({
  clusters: Number(values.clusters),
  objectsPerCluster: Number(values.objects),
  azureSubscriptions: 1,
  clustersPerSubscription: Number(values['aks-clusters']),
  outDir: path.join(demoDir, 'sim'),
  namePrefix: 'demo',
  reconcileDelayMs: 1500,
  // Older releases serve older API versions and lack newer kinds: the product must discover them.
  fluxVersions: values['flux-versions'].split(','),
});
const azure = fleet.azure!;
const subscription = fleet.subscriptions[0]!;
const url = `http://127.0.0.1:${values.port}`;

const server: ChildProcess = spawn(process.execPath, [path.join(root, 'server/dist/main.js')], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: {
    ...process.env,
    PORT: values.port,
    DATA_DIR: path.join(demoDir, 'data'),
    LOG_LEVEL: 'warn',
    HEALTH_CHECK_INTERVAL_SECONDS: '30',
    NODE_EXTRA_CA_CERTS: path.join(demoDir, 'sim', 'ca.pem'),
    AZURE_ENVIRONMENT: 'custom',
    AZURE_AUTHORITY_HOST: azure.authorityHost,
    AZURE_RESOURCE_MANAGER_ENDPOINT: azure.resourceManagerEndpoint,
    AZURE_RESOURCE_MANAGER_AUDIENCE: azure.resourceManagerAudience,
  },
});
let stopping = false;
const stop = async (code: number): Promise<never> => {
  stopping = true;
  server.kill('SIGTERM');
  await fleet.stop();
  process.exit(code);
};
server.on('exit', (code) => {
  if (!stopping) {
    console.error(`the server stopped (exit ${code}); is port ${values.port} free? Try: npm run demo -- --port 8081`);
    void stop(1);
  }
});
process.once('SIGINT', () => void stop(0));
process.once('SIGTERM', () => void stop(0));

for (let attempt = 0; ; attempt++) {
  const ready = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
  if (ready) break;
  if (attempt > 100) await stop(1);
  await new Promise((resolve) => setTimeout(resolve, 200));
}

// Sign in as the initial admin, as a user would after the first start.
const adminPassword = readFileSync(path.join(demoDir, 'data', 'initial-admin-password'), 'utf8').trim();
const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: adminPassword }) });
if (!login.ok) throw new Error(`signing in as admin answered ${login.status}: ${await login.text()}`);
const session = { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]!, 'x-csrf-token': ((await login.json()) as { csrf_token: string }).csrf_token };

// Register the plain clusters by kubeconfig, as a user would; take one down so the fleet view has work to show.
// By name: demo-001 is the one labelled prod, the last one goes down.
const plain = [...fleet.clusters.values()].filter((cluster) => !cluster.azureResourceId).sort((a, b) => a.name.localeCompare(b.name));
// What the graph, the inventory tree, pod logs and the matrix show on the reachable clusters.
const staged = stageDemoScenarios(plain.length > 1 ? plain.slice(0, -1) : plain);
for (const cluster of plain) {
  await fetch(`${url}/api/v1/clusters`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...session },
    body: JSON.stringify({ name: cluster.name, kubeconfig: cluster.kubeconfig(), labels: { env: cluster === plain[0] ? 'prod' : 'staging' } }),
  });
}
if (plain.length > 1) await plain[plain.length - 1]!.api.closePort();

console.log(`
Flux Orchestrator demo is running: ${url}

  Sign in as  admin / ${adminPassword}
  (the initial admin password; the server keeps it in ${path.join(demoDir, 'data', 'initial-admin-password')})

  ${plain.length} clusters are registered by kubeconfig (${plain.at(-1)?.name ?? 'none'} is down on purpose), each with its own Flux release:
    ${plain.map((cluster) => `${cluster.name} Flux ${cluster.fluxRelease.version}`).join(', ')}
  A simulated Azure subscription holds ${subscription.clusters.length} AKS clusters. Walk the seed's three steps:
  Settings → Azure Subscriptions → "+ Add Azure Subscription", with

    Name             ${subscription.name}
    Subscription ID  ${subscription.subscriptionId}
    Tenant ID        ${subscription.tenantId}
    Client ID        ${subscription.clientId}
    Client Secret    ${subscription.clientSecret}

  then "Test Connection", "Add Subscription", "Discover Clusters" and "Sync Clusters".
  (The server uses the simulated cloud as its default, so the advanced options can stay as they are.)

  Staged for the fleet views (dependency graph, inventory tree, pod logs, matrix):
    ${staged.join('\n    ')}

  kubectl works against the simulated clusters too:
    kubectl --kubeconfig ${plain[0]?.kubeconfigPath ?? ''} get kustomizations -A

Press Ctrl+C to stop.`);
