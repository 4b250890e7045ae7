import { randomUUID } from 'node:crypto';
import { BUILT_IN_ROLES, type BuiltInRoleName } from './well-known-ids.js';

/** An Azure subscription; it belongs to exactly one tenant. */
export interface Subscription {
  subscriptionId: string;
  tenantId: string;
  displayName: string;
  state: 'Enabled' | 'Disabled' | 'Warned';
}

export interface AgentPoolSpec {
  name: string;
  count: number;
  vmSize?: string;
  mode?: 'System' | 'User';
  osType?: 'Linux' | 'Windows';
  enableAutoScaling?: boolean;
  minCount?: number;
  maxCount?: number;
}

/** What `provisionCluster` returns: how to reach the Kubernetes API server behind an AKS cluster. */
export interface ProvisionedCluster {
  /** https URL of the backing Kubernetes API server. */
  server: string;
  /** PEM of the CA that signed the server's certificate (goes into `certificate-authority-data`). */
  caPem: string;
  /**
   * Client certificate for local accounts (clusterUser of non-Entra clusters, clusterAdmin of
   * clusters whose local accounts are enabled). Required unless local accounts are disabled.
   */
  clientCertificate?: { certPem: string; keyPem: string };
  /** Optional bearer token that AKS also puts into local-account kubeconfigs. */
  localAccountToken?: string;
}

export interface ManagedCluster {
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  tenantId: string;
  kubernetesVersion: string;
  agentPools: AgentPoolSpec[];
  aadEnabled: boolean;
  azureRbacEnabled: boolean;
  localAccountsDisabled: boolean;
  privateCluster: boolean;
  powerState: 'Running' | 'Stopped';
  tags: Record<string, string>;
  dnsPrefix: string;
  fqdnSuffix: string;
  nodeResourceGroup: string;
  principalId: string;
  backing: ProvisionedCluster;
}

/** An Azure Arc-enabled Kubernetes cluster (`Microsoft.Kubernetes/connectedClusters`). */
export interface ConnectedCluster {
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  tenantId: string;
  kubernetesVersion: string;
  distribution: string;
  infrastructure: string;
  totalNodeCount: number;
  totalCoreCount: number;
  agentVersion: string;
  connectivityStatus: 'Connected' | 'Connecting' | 'Offline' | 'Expired';
  tags: Record<string, string>;
  principalId: string;
}

export interface RoleAssignment {
  id: string;
  principalId: string;
  role: BuiltInRoleName;
  scope: string;
}

/** Actions each built-in role grants, as in the role definitions (`*` is a wildcard). */
const ROLE_ACTIONS: Record<BuiltInRoleName, string[]> = {
  Reader: ['*/read'],
  'Azure Kubernetes Service Cluster User Role': [
    'Microsoft.ContainerService/managedClusters/read',
    'Microsoft.ContainerService/managedClusters/listClusterUserCredential/action',
  ],
  'Azure Kubernetes Service Cluster Admin Role': [
    'Microsoft.ContainerService/managedClusters/read',
    'Microsoft.ContainerService/managedClusters/listClusterUserCredential/action',
    'Microsoft.ContainerService/managedClusters/listClusterAdminCredential/action',
  ],
};

function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map(escapeRegex).join('.*')}$`, 'i');
  return regex.test(action);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** True when `scope` is `resource` or one of its ancestors (ARM scopes are case-insensitive). */
export function scopeContains(scope: string, resource: string): boolean {
  const a = scope.replace(/\/+$/, '').toLowerCase();
  const b = resource.replace(/\/+$/, '').toLowerCase();
  return b === a || b.startsWith(`${a}/`);
}

export function managedClusterId(subscriptionId: string, resourceGroup: string, name: string): string {
  // AKS answers with a lower-case `resourcegroups` segment; clients must compare ids case-insensitively.
  return `/subscriptions/${subscriptionId}/resourcegroups/${resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${name}`;
}

export function connectedClusterId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Kubernetes/connectedClusters/${name}`;
}

/** Subscriptions, resources and role assignments: the state ARM answers from. */
export class ArmInventory {
  readonly subscriptions = new Map<string, Subscription>();
  readonly managedClusters = new Map<string, ManagedCluster>();
  readonly connectedClusters = new Map<string, ConnectedCluster>();
  private readonly resourceGroups = new Set<string>();
  private readonly roleAssignments: RoleAssignment[] = [];

  findSubscription(subscriptionId: string): Subscription | undefined {
    return this.subscriptions.get(subscriptionId.toLowerCase());
  }

  addSubscription(subscription: Subscription): void {
    this.subscriptions.set(subscription.subscriptionId.toLowerCase(), subscription);
  }

  addResourceGroup(subscriptionId: string, resourceGroup: string): void {
    this.resourceGroups.add(`${subscriptionId}/${resourceGroup}`.toLowerCase());
  }

  hasResourceGroup(subscriptionId: string, resourceGroup: string): boolean {
    return this.resourceGroups.has(`${subscriptionId}/${resourceGroup}`.toLowerCase());
  }

  putManagedCluster(cluster: ManagedCluster): void {
    this.addResourceGroup(cluster.subscriptionId, cluster.resourceGroup);
    this.managedClusters.set(cluster.id.toLowerCase(), cluster);
  }

  putConnectedCluster(cluster: ConnectedCluster): void {
    this.addResourceGroup(cluster.subscriptionId, cluster.resourceGroup);
    this.connectedClusters.set(cluster.id.toLowerCase(), cluster);
  }

  /** Clusters under a scope (a subscription or a resource group), in creation order. */
  managedClustersUnder(scope: string): ManagedCluster[] {
    return [...this.managedClusters.values()].filter((c) => scopeContains(scope, c.id));
  }

  connectedClustersUnder(scope: string): ConnectedCluster[] {
    return [...this.connectedClusters.values()].filter((c) => scopeContains(scope, c.id));
  }

  assignRole(assignment: Omit<RoleAssignment, 'id'>): RoleAssignment {
    if (!(assignment.role in BUILT_IN_ROLES)) throw new Error(`unknown role ${assignment.role}`);
    const created: RoleAssignment = { ...assignment, id: `${assignment.scope}/providers/Microsoft.Authorization/roleAssignments/${randomUUID()}` };
    this.roleAssignments.push(created);
    return created;
  }

  removeRoleAssignments(principalId: string, scope?: string): number {
    let removed = 0;
    for (let i = this.roleAssignments.length - 1; i >= 0; i -= 1) {
      const assignment = this.roleAssignments[i]!;
      if (assignment.principalId === principalId && (!scope || scopeContains(scope, assignment.scope))) {
        this.roleAssignments.splice(i, 1);
        removed += 1;
      }
    }
    return removed;
  }

  /** Whether the principal may perform `action` on `resource` through an assignment at it or above it. */
  isAllowed(principalId: string, action: string, resource: string): boolean {
    return this.roleAssignments.some(
      (a) => a.principalId === principalId && scopeContains(a.scope, resource) && ROLE_ACTIONS[a.role].some((p) => actionMatches(p, action)),
    );
  }

  /** Whether any assignment at, above or below `scope` grants `action` (lists then filter per item). */
  isAllowedSomewhereIn(principalId: string, action: string, scope: string): boolean {
    return this.roleAssignments.some(
      (a) =>
        a.principalId === principalId &&
        (scopeContains(a.scope, scope) || scopeContains(scope, a.scope)) &&
        ROLE_ACTIONS[a.role].some((p) => actionMatches(p, action)),
    );
  }

  /** Subscriptions a principal has any role in (what `GET /subscriptions` lists). */
  hasAnyRoleIn(principalId: string, subscriptionId: string): boolean {
    const scope = `/subscriptions/${subscriptionId}`;
    return this.roleAssignments.some((a) => a.principalId === principalId && (scopeContains(scope, a.scope) || scopeContains(a.scope, scope)));
  }
}
