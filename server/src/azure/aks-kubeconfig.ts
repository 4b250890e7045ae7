import { load as loadYaml } from 'js-yaml';
import { stringify } from 'yaml';
import { parseStoredKubeconfig } from '../clusters/index.js';
import type { AuthMethod } from './azure.schemas.js';
import { AKS_SERVER_APP_ID } from './azure-clouds.js';

/** The environment variable kubelogin reads a service principal secret from (never an argument). */
export const KUBELOGIN_SECRET_ENV = 'AAD_SERVICE_PRINCIPAL_CLIENT_SECRET';

export interface KubeloginIdentity {
  authMethod: AuthMethod;
  tenantId: string;
  clientId: string | null;
  kubeloginEnvironment: string;
}

type Obj = Record<string, unknown>;

/**
 * Turns the kubeconfig AKS returned into the one we store, in the seed's format: Entra-enabled
 * clusters authenticate through `kubelogin get-token` for the subscription's identity (not the
 * user's device code); local-account clusters keep their certificates. The client secret is NOT
 * in the stored kubeconfig: it is added to the exec env when used or downloaded, so rotating it
 * never leaves stale copies behind.
 */
export function buildStoredAksKubeconfig(aksKubeconfig: string, cluster: { name: string; resourceGroup: string }, identity: KubeloginIdentity): Record<string, unknown> {
  // js-yaml here, not `yaml`: this runs once per cluster on every sync and parses ~8× faster
  // (bench/README.md). The document comes from Azure; people's kubeconfigs go through the
  // validator, which keeps `yaml` for its alias limit and line-numbered errors.
  const loaded = loadYaml(aksKubeconfig);
  if (typeof loaded !== 'object' || loaded === null || Array.isArray(loaded)) throw new Error('Azure returned a kubeconfig that is not a YAML mapping');
  const document = loaded as Obj;
  const clusters = (document.clusters as Obj[] | undefined) ?? [];
  const users = (document.users as Obj[] | undefined) ?? [];
  const contexts = (document.contexts as Obj[] | undefined) ?? [];
  const currentName = (document['current-context'] as string | undefined) ?? (contexts[0]?.name as string | undefined);
  const context = (contexts.find((c) => c.name === currentName)?.context ?? contexts[0]?.context ?? {}) as Obj;
  const clusterEntry = (clusters.find((c) => c.name === context.cluster)?.cluster ?? clusters[0]?.cluster ?? {}) as Obj;
  const userEntry = (users.find((u) => u.name === context.user)?.user ?? users[0]?.user ?? {}) as Obj;
  const userName = `clusterUser_${cluster.resourceGroup}_${cluster.name}`;
  const user = userEntry.exec ? { exec: kubeloginExec(identity) } : userEntry;
  return {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': cluster.name,
    clusters: [{ name: cluster.name, cluster: { server: clusterEntry.server, 'certificate-authority-data': clusterEntry['certificate-authority-data'] } }],
    contexts: [{ name: cluster.name, context: { cluster: cluster.name, user: userName } }],
    users: [{ name: userName, user }],
  };
}

function kubeloginExec(identity: KubeloginIdentity): Obj {
  const login = identity.authMethod === 'workload_identity' ? 'workloadidentity' : identity.authMethod === 'managed_identity' ? 'msi' : 'spn';
  const args = ['get-token', '--login', login, '--environment', identity.kubeloginEnvironment, '--tenant-id', identity.tenantId, '--server-id', AKS_SERVER_APP_ID];
  if (identity.clientId) args.push('--client-id', identity.clientId);
  return { apiVersion: 'client.authentication.k8s.io/v1beta1', command: 'kubelogin', args, env: null, interactiveMode: 'Never', provideClusterInfo: false };
}

/** The environment variable kubelogin reads a custom cloud's endpoints file from (AzureStackCloud). */
export const KUBELOGIN_ENVIRONMENT_FILE_ENV = 'AZURE_ENVIRONMENT_FILEPATH';

/** Sets variables in a stored kubeconfig's kubelogin exec env (secret, custom cloud file), as a document. */
export function withKubeloginEnv(storedKubeconfig: string, env: Record<string, string>): Obj {
  const document = parseStoredKubeconfig(storedKubeconfig) as Obj;
  const entries = Object.entries(env).map(([name, value]) => ({ name, value }));
  for (const entry of (document.users as Obj[] | undefined) ?? []) {
    const exec = (entry.user as Obj | undefined)?.exec as Obj | undefined;
    if (exec && exec.command === 'kubelogin') exec.env = entries.length > 0 ? entries : null;
  }
  return document;
}

/** Adds the client secret to a stored kubeconfig's exec env (for kubelogin mode and downloads). */
export function withKubeloginSecret(storedKubeconfig: string, clientSecret: string): string {
  return stringify(withKubeloginEnv(storedKubeconfig, { [KUBELOGIN_SECRET_ENV]: clientSecret }));
}

/** Credentials a kubeconfig user can hold inline: the local-account certificate and token. */
const INLINE_CREDENTIALS = ['client-certificate-data', 'client-key-data', 'token'] as const;

/** Does the kubeconfig carry the cluster's own credentials (a local account), not kubelogin? */
export function hasInlineCredentials(document: Obj): boolean {
  return ((document.users as Obj[] | undefined) ?? []).some((entry) => INLINE_CREDENTIALS.some((key) => (entry.user as Obj | undefined)?.[key] !== undefined));
}

/** The kubeconfig without the local account's certificate, key and token. */
export function withoutInlineCredentials(document: Obj): Obj {
  const users = ((document.users as Obj[] | undefined) ?? []).map((entry) => {
    const user = { ...((entry.user as Obj | undefined) ?? {}) };
    for (const key of INLINE_CREDENTIALS) delete user[key];
    return { ...entry, user };
  });
  return { ...document, users };
}
