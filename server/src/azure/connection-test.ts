import type { ArmGateway } from './arm-gateway.js';
import type { ConnectionTestResult } from './azure.schemas.js';
import { resourceGroupOf } from './azure-cluster-views.js';
import { classifyAzureError, type ProblemContext } from './azure-errors.js';

/**
 * The seed's "Test Connection": an ARM token, the cluster list, and one cluster's user
 * credentials, each timed. On failure the message is the first failing check's, with its fix.
 */
export async function testConnection(gateway: ArmGateway, context: ProblemContext): Promise<ConnectionTestResult> {
  const checks: ConnectionTestResult['checks'] = [];
  const timed = async <T>(name: string, run: () => Promise<T>, describe: (value: T) => string): Promise<{ value: T } | undefined> => {
    const started = performance.now();
    try {
      const value = await run();
      checks.push({ name, ok: true, message: describe(value), duration_ms: Math.round(performance.now() - started) });
      return { value };
    } catch (error) {
      checks.push({ name, ok: false, message: classifyAzureError(error, context).message, duration_ms: Math.round(performance.now() - started) });
      return undefined;
    }
  };
  const failed = (): ConnectionTestResult => ({ status: 'error', message: checks.find((c) => !c.ok)!.message, checks, cluster_count: null });
  if ((await timed('token', () => gateway.armToken(), () => 'Signed in to Entra ID and got an Azure Resource Manager token')) === undefined) return failed();
  const listed = await timed('list_clusters', () => gateway.listManagedClusters(), (list) => `Listed ${list.length} AKS cluster${list.length === 1 ? '' : 's'}`);
  if (listed === undefined) return failed();
  const clusters = listed.value;
  if (clusters.length === 0) {
    return {
      status: 'connected',
      message: `Connected, but no AKS clusters discovered: the subscription has none, or ${context.clientId ?? 'the identity'} lacks the Reader role on /subscriptions/${context.subscriptionId}.`,
      checks,
      cluster_count: 0,
    };
  }
  const first = clusters[0]!;
  const cluster = { resourceGroup: resourceGroupOf(first.id!), name: first.name! };
  const started = performance.now();
  try {
    await gateway.clusterKubeconfig(cluster.resourceGroup, cluster.name, false);
    checks.push({ name: 'cluster_credentials', ok: true, message: `Got user credentials for ${cluster.name}`, duration_ms: Math.round(performance.now() - started) });
  } catch (error) {
    checks.push({ name: 'cluster_credentials', ok: false, message: classifyAzureError(error, { ...context, cluster }).message, duration_ms: Math.round(performance.now() - started) });
    return { ...failed(), cluster_count: clusters.length };
  }
  return { status: 'connected', message: `Connected: ${clusters.length} AKS cluster${clusters.length === 1 ? '' : 's'} found.`, checks, cluster_count: clusters.length };
}
