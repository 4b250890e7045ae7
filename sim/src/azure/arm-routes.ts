import { randomUUID } from 'node:crypto';
import { buildAksKubeconfig, type AksCredentialKind } from './aks-kubeconfig.js';
import { connectedClusterView, managedClusterView } from './aks-resource-views.js';
import { type ArmInventory, connectedClusterId, managedClusterId, type Subscription } from './arm-inventory.js';
import { ArmErrors } from './arm-errors.js';
import type { AzureCounters } from './azure-counters.js';
import type { AzureFaults } from './azure-faults.js';
import { AccessTokenError, type EntraTokenService, type VerifiedAccessToken } from './entra-token-service.js';
import { type HttpReply, type RoutedRequest, jsonReply, matchRoute } from './http-kit.js';
import { type GraphRow, ResourceGraphQueryError, runResourceGraphQuery } from './resource-graph-query.js';

export interface ArmContext {
  inventory: ArmInventory;
  tokens: EntraTokenService;
  counters: AzureCounters;
  faults: AzureFaults;
  /** Audience ARM accepts in bearer tokens. */
  audience: string;
  /** Base URL of the ARM server (for nextLink). */
  endpoint: () => string;
  pageSize: () => number;
}

type Caller = VerifiedAccessToken;

interface ArmOperation {
  method: string;
  pattern: RegExp;
  /** Operation id as in the Azure REST API specs; counters and throttling use it. */
  operation: string;
  handle: (ctx: ArmContext, req: RoutedRequest, caller: Caller) => HttpReply | Promise<HttpReply>;
}

const SUB = '/subscriptions/(?<sub>[^/]+)';
const RG = '/resourcegroups/(?<rg>[^/]+)';
const AKS = '/providers/microsoft\\.containerservice/managedclusters';
const ARC = '/providers/microsoft\\.kubernetes/connectedclusters';
const route = (path: string) => new RegExp(`^${path}/?$`, 'i');

const ACTIONS = {
  subscriptionRead: 'Microsoft.Resources/subscriptions/read',
  aksRead: 'Microsoft.ContainerService/managedClusters/read',
  aksUser: 'Microsoft.ContainerService/managedClusters/listClusterUserCredential/action',
  aksAdmin: 'Microsoft.ContainerService/managedClusters/listClusterAdminCredential/action',
  arcRead: 'Microsoft.Kubernetes/connectedClusters/read',
  resourcesRead: 'Microsoft.Resources/subscriptions/resources/read',
};

const OPERATIONS: ArmOperation[] = [
  { method: 'GET', pattern: route('/subscriptions'), operation: 'Subscriptions_List', handle: listSubscriptions },
  { method: 'GET', pattern: route(SUB), operation: 'Subscriptions_Get', handle: getSubscription },
  { method: 'GET', pattern: route(`${SUB}${AKS}`), operation: 'ManagedClusters_List', handle: listManagedClusters },
  { method: 'GET', pattern: route(`${SUB}${RG}${AKS}`), operation: 'ManagedClusters_ListByResourceGroup', handle: listManagedClusters },
  { method: 'GET', pattern: route(`${SUB}${RG}${AKS}/(?<name>[^/]+)`), operation: 'ManagedClusters_Get', handle: getManagedCluster },
  {
    method: 'POST',
    pattern: route(`${SUB}${RG}${AKS}/(?<name>[^/]+)/listClusterUserCredential`),
    operation: 'ManagedClusters_ListClusterUserCredentials',
    handle: (ctx, req, caller) => listCredentials(ctx, req, caller, 'clusterUser'),
  },
  {
    method: 'POST',
    pattern: route(`${SUB}${RG}${AKS}/(?<name>[^/]+)/listClusterAdminCredential`),
    operation: 'ManagedClusters_ListClusterAdminCredentials',
    handle: (ctx, req, caller) => listCredentials(ctx, req, caller, 'clusterAdmin'),
  },
  { method: 'GET', pattern: route(`${SUB}${ARC}`), operation: 'ConnectedCluster_ListBySubscription', handle: listConnectedClusters },
  { method: 'GET', pattern: route(`${SUB}${RG}${ARC}`), operation: 'ConnectedCluster_ListByResourceGroup', handle: listConnectedClusters },
  { method: 'GET', pattern: route(`${SUB}${RG}${ARC}/(?<name>[^/]+)`), operation: 'ConnectedCluster_Get', handle: getConnectedCluster },
  { method: 'POST', pattern: route('/providers/microsoft\\.resourcegraph/resources'), operation: 'Resources', handle: queryResources },
];

/**
 * Serves one ARM request: route → count → api-version → bearer token → throttling → operation.
 * Authorization happens inside each operation, before existence checks, as ARM does.
 */
export async function handleArmRequest(ctx: ArmContext, req: Omit<RoutedRequest, 'params'>): Promise<HttpReply> {
  const reply = await dispatch(ctx, req);
  const requestId = randomUUID();
  reply.headers = { ...reply.headers, 'x-ms-request-id': requestId, 'x-ms-correlation-request-id': requestId };
  return reply;
}

/** The operation table as routes (the handler is unused: dispatch runs the pipeline itself). */
const OPERATION_ROUTES = OPERATIONS.map((op) => ({ method: op.method, pattern: op.pattern, handler: () => jsonReply(500, {}), op }));

async function dispatch(ctx: ArmContext, req: Omit<RoutedRequest, 'params'>): Promise<HttpReply> {
  const found = matchRoute(OPERATION_ROUTES, req.method, req.url.pathname);
  if (!found) return ArmErrors.notFoundPath(req.url.pathname);
  const { op } = found.route as (typeof OPERATION_ROUTES)[number];
  const routed: RoutedRequest = { ...req, params: found.params };
  ctx.counters.recordArmCall(op.operation);
  if (!req.url.searchParams.get('api-version')) return ArmErrors.missingApiVersion();

  const caller = await authenticate(ctx, req.headers.authorization);
  if ('status' in caller) return caller;

  const subscriptionId = routed.params.sub;
  if (subscriptionId) {
    const subscription = ctx.inventory.findSubscription(subscriptionId);
    if (subscription && subscription.tenantId !== caller.tenantId) {
      return ArmErrors.wrongTenant(String(caller.claims.iss), subscription.tenantId, ctx.tokens.authorityHost);
    }
  }
  const retryAfter = ctx.faults.takeThrottle(op.operation);
  if (retryAfter !== undefined) return ArmErrors.throttled(subscriptionId, retryAfter);
  return op.handle(ctx, routed, caller);
}

async function authenticate(ctx: ArmContext, authorization: string | undefined): Promise<Caller | HttpReply> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) return ArmErrors.missingAuthorization();
  try {
    return await ctx.tokens.verifyAccessToken(match[1]!, { audiences: [ctx.audience] });
  } catch (error) {
    if (!(error instanceof AccessTokenError)) throw error;
    switch (error.problem) {
      case 'expired':
        return ArmErrors.expiredToken(new Date(Number(error.claims?.exp ?? 0) * 1000));
      case 'audience':
        return ArmErrors.wrongAudience(String(error.claims?.aud ?? ''), ctx.audience);
      default:
        return ArmErrors.malformedToken();
    }
  }
}

function denied(caller: Caller, action: string, scope: string): HttpReply {
  return ArmErrors.authorizationFailed(caller.clientId, caller.objectId, action, scope);
}

/** Subscription-scoped operations on a subscription that does not exist answer SubscriptionNotFound. */
function requireSubscription(ctx: ArmContext, subscriptionId: string): Subscription | HttpReply {
  return ctx.inventory.findSubscription(subscriptionId) ?? ArmErrors.subscriptionNotFound(subscriptionId);
}

function subscriptionView(subscription: Subscription): Record<string, unknown> {
  return {
    id: `/subscriptions/${subscription.subscriptionId}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId: subscription.subscriptionId,
    tenantId: subscription.tenantId,
    displayName: subscription.displayName,
    state: subscription.state,
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
  };
}

function listSubscriptions(ctx: ArmContext, _req: RoutedRequest, caller: Caller): HttpReply {
  const visible = [...ctx.inventory.subscriptions.values()].filter(
    (s) => s.tenantId === caller.tenantId && ctx.inventory.hasAnyRoleIn(caller.objectId, s.subscriptionId),
  );
  return jsonReply(200, { value: visible.map(subscriptionView), count: { type: 'Total', value: visible.length } });
}

function getSubscription(ctx: ArmContext, req: RoutedRequest, caller: Caller): HttpReply {
  const subscription = requireSubscription(ctx, req.params.sub!);
  if ('status' in subscription) return subscription;
  if (!ctx.inventory.hasAnyRoleIn(caller.objectId, subscription.subscriptionId)) {
    return denied(caller, ACTIONS.subscriptionRead, `/subscriptions/${subscription.subscriptionId}`);
  }
  return jsonReply(200, subscriptionView(subscription));
}

/** Collection scope for list operations: the subscription, or a resource group in it. */
function listScope(req: RoutedRequest): string {
  const sub = `/subscriptions/${req.params.sub}`;
  return req.params.rg ? `${sub}/resourceGroups/${req.params.rg}` : sub;
}

/**
 * ARM list semantics: 403 when the caller holds the read action nowhere in or above the scope;
 * otherwise the items it may read (ARM filters collections by per-resource access).
 */
function pagedList<T extends { id: string }>(
  ctx: ArmContext,
  req: RoutedRequest,
  caller: Caller,
  action: string,
  items: (scope: string) => T[],
  view: (item: T) => Record<string, unknown>,
): HttpReply {
  const subscription = requireSubscription(ctx, req.params.sub!);
  if ('status' in subscription) return subscription;
  const scope = listScope(req);
  if (!ctx.inventory.isAllowedSomewhereIn(caller.objectId, action, scope)) return denied(caller, action, scope);
  if (req.params.rg && !ctx.inventory.hasResourceGroup(subscription.subscriptionId, req.params.rg)) {
    return ArmErrors.resourceGroupNotFound(req.params.rg);
  }
  const visible = items(scope).filter((item) => ctx.inventory.isAllowed(caller.objectId, action, item.id));
  const offset = Number(req.url.searchParams.get('$skipToken') ?? '0') || 0;
  const pageSize = ctx.pageSize();
  const page = visible.slice(offset, offset + pageSize);
  const body: Record<string, unknown> = { value: page.map(view) };
  if (offset + pageSize < visible.length) {
    const next = new URL(req.url.pathname, ctx.endpoint());
    next.searchParams.set('api-version', req.url.searchParams.get('api-version')!);
    next.searchParams.set('$skipToken', String(offset + pageSize));
    body.nextLink = next.toString();
  }
  return jsonReply(200, body);
}

function listManagedClusters(ctx: ArmContext, req: RoutedRequest, caller: Caller): HttpReply {
  return pagedList(ctx, req, caller, ACTIONS.aksRead, (scope) => ctx.inventory.managedClustersUnder(scope), managedClusterView);
}

function listConnectedClusters(ctx: ArmContext, req: RoutedRequest, caller: Caller): HttpReply {
  return pagedList(ctx, req, caller, ACTIONS.arcRead, (scope) => ctx.inventory.connectedClustersUnder(scope), connectedClusterView);
}

function getManagedCluster(ctx: ArmContext, req: RoutedRequest, caller: Caller): HttpReply {
  const found = findManagedCluster(ctx, req, caller, ACTIONS.aksRead);
  return 'status' in found ? found : jsonReply(200, managedClusterView(found));
}

function findManagedCluster(ctx: ArmContext, req: RoutedRequest, caller: Caller, action: string) {
  const { sub, rg, name } = req.params as { sub: string; rg: string; name: string };
  const subscription = requireSubscription(ctx, sub);
  if ('status' in subscription) return subscription;
  const id = managedClusterId(subscription.subscriptionId, rg, name);
  if (!ctx.inventory.isAllowed(caller.objectId, action, id)) return denied(caller, action, id);
  const cluster = ctx.inventory.managedClusters.get(id.toLowerCase());
  if (!cluster) {
    return ctx.inventory.hasResourceGroup(sub, rg)
      ? ArmErrors.resourceNotFound('Microsoft.ContainerService/managedClusters', name, rg)
      : ArmErrors.resourceGroupNotFound(rg);
  }
  return cluster;
}

function listCredentials(ctx: ArmContext, req: RoutedRequest, caller: Caller, kind: AksCredentialKind): HttpReply {
  const found = findManagedCluster(ctx, req, caller, kind === 'clusterUser' ? ACTIONS.aksUser : ACTIONS.aksAdmin);
  if ('status' in found) return found;
  if (kind === 'clusterAdmin' && found.localAccountsDisabled) return ArmErrors.localAccountsDisabled();
  const kubeconfig = buildAksKubeconfig(found, kind);
  return jsonReply(200, { kubeconfigs: [{ name: kind, value: Buffer.from(kubeconfig, 'utf8').toString('base64') }] });
}

function getConnectedCluster(ctx: ArmContext, req: RoutedRequest, caller: Caller): HttpReply {
  const { sub, rg, name } = req.params as { sub: string; rg: string; name: string };
  const subscription = requireSubscription(ctx, sub);
  if ('status' in subscription) return subscription;
  const id = connectedClusterId(subscription.subscriptionId, rg, name);
  if (!ctx.inventory.isAllowed(caller.objectId, ACTIONS.arcRead, id)) return denied(caller, ACTIONS.arcRead, id);
  const cluster = ctx.inventory.connectedClusters.get(id.toLowerCase());
  return cluster ? jsonReply(200, connectedClusterView(cluster)) : ArmErrors.resourceNotFound('Microsoft.Kubernetes/connectedClusters', name, rg);
}

/** Resource Graph row: the resource's ARM JSON plus the columns Graph adds, with lower-case types. */
function graphRow(view: Record<string, unknown>, subscriptionId: string, resourceGroup: string, tenantId: string): GraphRow {
  return {
    id: view.id,
    name: view.name,
    type: String(view.type).toLowerCase(),
    tenantId,
    kind: '',
    location: view.location,
    resourceGroup: resourceGroup.toLowerCase(),
    subscriptionId,
    managedBy: '',
    sku: view.sku ?? null,
    plan: null,
    properties: view.properties,
    tags: view.tags,
    identity: view.identity ?? null,
    zones: null,
    extendedLocation: null,
  };
}

/**
 * `POST /providers/Microsoft.ResourceGraph/resources`: runs the query over the resources the
 * caller may read in the requested subscriptions (all of its tenant's when none are named).
 */
function queryResources(ctx: ArmContext, req: RoutedRequest, caller: Caller): HttpReply {
  let request: { subscriptions?: string[]; query?: string; options?: { $top?: number; $skip?: number; $skipToken?: string } };
  try {
    request = JSON.parse(req.body || '{}');
  } catch {
    return ArmErrors.invalidQuery('the request body is not JSON');
  }
  const wanted = (request.subscriptions ?? [...ctx.inventory.subscriptions.values()].map((s) => s.subscriptionId)).map((s) => s.toLowerCase());
  const rows: GraphRow[] = [];
  for (const cluster of ctx.inventory.managedClusters.values()) {
    if (wanted.includes(cluster.subscriptionId.toLowerCase()) && cluster.tenantId === caller.tenantId && ctx.inventory.isAllowed(caller.objectId, ACTIONS.aksRead, cluster.id)) {
      rows.push(graphRow(managedClusterView(cluster), cluster.subscriptionId, cluster.resourceGroup, cluster.tenantId));
    }
  }
  for (const cluster of ctx.inventory.connectedClusters.values()) {
    if (wanted.includes(cluster.subscriptionId.toLowerCase()) && cluster.tenantId === caller.tenantId && ctx.inventory.isAllowed(caller.objectId, ACTIONS.arcRead, cluster.id)) {
      rows.push(graphRow(connectedClusterView(cluster), cluster.subscriptionId, cluster.resourceGroup, cluster.tenantId));
    }
  }
  let result: GraphRow[];
  try {
    result = runResourceGraphQuery(request.query ?? '', rows);
  } catch (error) {
    if (error instanceof ResourceGraphQueryError) return ArmErrors.invalidQuery(error.message);
    throw error;
  }
  const offset = Number(request.options?.$skipToken ?? request.options?.$skip ?? 0) || 0;
  const top = Math.min(request.options?.$top ?? ctx.pageSize(), 1000);
  const page = result.slice(offset, offset + top);
  const body: Record<string, unknown> = {
    totalRecords: result.length,
    count: page.length,
    resultTruncated: 'false',
    data: page,
    facets: [],
  };
  if (offset + top < result.length) body.$skipToken = String(offset + top);
  return jsonReply(200, body);
}
