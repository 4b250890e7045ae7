import { useMemo, useState } from 'react';
import { Link } from 'wouter';
import { useQueryClient } from '@tanstack/react-query';
import { findFluxKind } from '@flux-orchestrator/flux-model';
import { inventoryKeys, RESTARTABLE_KINDS, SCALABLE_KINDS, useInventoryTree, type InventoryHealth, type InventoryNode } from '../api/inventory.js';
import { resourcePath, type ResourceAddress } from '../api/resources.js';
import { useCan } from '../auth/permissions.js';
import { EmptyState, ErrorAlert, Loading } from '../components/feedback.js';
import { Icon } from '../components/icons.js';
import { StatusBadge, type BadgeStatus } from '../components/status-badge.js';
import { PodLogsDialog } from './pod-logs-dialog.js';
import { WorkloadActionDialog, type WorkloadVerb } from './workload-action-dialog.js';

/** What a row offers: a pod's log, and the workload actions. */
type RowVerb = WorkloadVerb | 'logs';
const VERB_LABEL: Record<RowVerb, string> = { logs: 'Logs', scale: 'Scale', restart: 'Restart', delete: 'Delete' };

const HEALTH_BADGE: Record<InventoryHealth, BadgeStatus> = { healthy: 'healthy', progressing: 'progressing', failed: 'failed', suspended: 'suspended', unknown: 'flux-unknown', missing: 'missing' };
const NEEDS_LOOK: ReadonlySet<InventoryHealth> = new Set(['failed', 'missing', 'progressing']);

/** Each node's key in the tree: its path of inventory ids (an id may appear under two parents). */
const keyOf = (parent: string, node: InventoryNode) => `${parent}/${node.id}`;

/** Keys of the nodes to open at first: those with something that needs a look below them. */
export function nodesToOpen(root: InventoryNode): Set<string> {
  const open = new Set<string>();
  const visit = (node: InventoryNode, key: string): boolean => {
    let below = false;
    for (const child of node.children) if (visit(child, keyOf(key, child))) below = true;
    if (below) open.add(key);
    return below || NEEDS_LOOK.has(node.health);
  };
  for (const child of root.children) visit(child, keyOf('', child));
  return open;
}

function allKeys(root: InventoryNode): Set<string> {
  const keys = new Set<string>();
  const visit = (node: InventoryNode, key: string) => {
    if (node.children.length > 0) keys.add(key);
    for (const child of node.children) visit(child, keyOf(key, child));
  };
  for (const child of root.children) visit(child, keyOf('', child));
  return keys;
}

function countHealth(root: InventoryNode): Map<InventoryHealth, number> {
  const counts = new Map<InventoryHealth, number>();
  const visit = (node: InventoryNode) => {
    counts.set(node.health, (counts.get(node.health) ?? 0) + 1);
    node.children.forEach(visit);
  };
  root.children.forEach(visit);
  return counts;
}

/**
 * What the object applied, read live from its cluster: a collapsible tree with each object's
 * health and why, pods under their workloads, nested Flux objects with their own inventory.
 * Workload rows offer scale, restart and (on pods) delete and the pod's log, to those whose role has them.
 */
export function InventoryTab({ address }: { address: ResourceAddress }) {
  const tree = useInventoryTree(address);
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState<Set<string> | undefined>(undefined);
  const [pending, setPending] = useState<{ node: InventoryNode; verb: WorkloadVerb } | undefined>(undefined);
  const [logsOf, setLogsOf] = useState<InventoryNode | undefined>(undefined);
  const can = { scale: useCan('workloads:scale'), restart: useCan('workloads:restart'), delete: useCan('pods:delete'), logs: useCan('logs:read') };
  const root = tree.data?.root;
  const initial = useMemo(() => (root ? nodesToOpen(root) : new Set<string>()), [root]);
  const open = opened ?? initial;
  const counts = useMemo(() => (root ? countHealth(root) : new Map<InventoryHealth, number>()), [root]);
  const toggle = (key: string) => {
    const next = new Set(open);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setOpened(next);
  };

  return (
    <section className="card" aria-labelledby="inventory-title">
      <div className="card-header">
        <h2 id="inventory-title">Inventory</h2>
        <span className="muted small" aria-live="polite">
          {[...counts.entries()].map(([health, count]) => `${count} ${health}`).join(' · ')}
        </span>
        {root && root.children.length > 0 && (
          <>
            <button type="button" className="button small ghost" onClick={() => setOpened(allKeys(root))}>
              Expand all
            </button>
            <button type="button" className="button small ghost" onClick={() => setOpened(new Set())}>
              Collapse all
            </button>
          </>
        )}
        <button type="button" className="button small" onClick={() => void tree.refetch()} disabled={tree.isFetching}>
          {tree.isFetching ? <span className="spinner" aria-hidden="true" /> : <Icon name="refresh" size={14} />}
          Refresh
        </button>
      </div>
      {tree.isPending && <Loading label="Reading the inventory from the cluster…" />}
      {tree.isError && (
        <div className="card-body">
          <ErrorAlert title="Could not read the inventory" error={tree.error} onRetry={() => void tree.refetch()} />
        </div>
      )}
      {tree.data && (
        <div className="card-body stack">
          {tree.data.notes.map((note) => (
            <div key={note} className="alert" data-tone="info" role="note">
              <div className="alert-body">
                <span>{note}</span>
              </div>
            </div>
          ))}
          {tree.data.truncated && (
            <div className="alert" data-tone="warn" role="status">
              <div className="alert-body">
                <span className="alert-title">Only the first 1,000 objects are shown</span>
                <span>Open a nested Kustomization or HelmRelease to see the rest of its part.</span>
              </div>
            </div>
          )}
          {tree.data.root.children.length === 0 ? (
            tree.data.notes.length === 0 && <EmptyState title="Nothing applied">The inventory is empty: this {address.kind} has applied no objects.</EmptyState>
          ) : (
            <ul className="inv-tree" aria-label={`Objects applied by ${address.kind} ${address.namespace}/${address.name}`}>
              {tree.data.root.children.map((child) => (
                <InventoryRow key={child.id} node={child} nodeKey={keyOf('', child)} clusterId={address.clusterId} open={open} onToggle={toggle} can={can} onAction={(node, verb) => (verb === 'logs' ? setLogsOf(node) : setPending({ node, verb }))} />
              ))}
            </ul>
          )}
        </div>
      )}
      <PodLogsDialog clusterId={address.clusterId} pod={logsOf} onClose={() => setLogsOf(undefined)} />
      <WorkloadActionDialog
        clusterId={address.clusterId}
        node={pending?.node}
        verb={pending?.verb}
        onClose={(changed) => {
          setPending(undefined);
          if (changed) void queryClient.invalidateQueries({ queryKey: inventoryKeys.tree(address) });
        }}
      />
    </section>
  );
}

function InventoryRow({
  node,
  nodeKey,
  clusterId,
  open,
  onToggle,
  can,
  onAction,
}: {
  node: InventoryNode;
  nodeKey: string;
  clusterId: string;
  open: ReadonlySet<string>;
  onToggle: (key: string) => void;
  can: Record<RowVerb, boolean>;
  onAction: (node: InventoryNode, verb: RowVerb) => void;
}) {
  const expanded = open.has(nodeKey);
  const hasChildren = node.children.length > 0;
  // A Flux object (its kind in Flux's API group, not a namesake of another project) has a page.
  const found = findFluxKind(node.kind);
  const flux = found && node.api_version.startsWith(`${found.group}/`) ? found : undefined;
  const label = `${node.kind} ${node.namespace ? `${node.namespace}/` : ''}${node.name}`;
  const verbs: RowVerb[] = [];
  if (node.health !== 'missing') {
    if (can.logs && node.kind === 'Pod' && node.api_version === 'v1') verbs.push('logs');
    if (can.scale && SCALABLE_KINDS.includes(node.kind)) verbs.push('scale');
    if (can.restart && RESTARTABLE_KINDS.includes(node.kind)) verbs.push('restart');
    if (can.delete && node.kind === 'Pod') verbs.push('delete');
  }
  // Who applied it matters before changing it (Flux may undo the change), not to read a log.
  const changes = verbs.some((verb) => verb !== 'logs');
  return (
    <li data-kind={node.kind} data-name={node.name} data-health={node.health}>
      <div className="inv-row">
        {hasChildren ? (
          <button type="button" className="inv-toggle" aria-expanded={expanded} aria-label={`${expanded ? 'Collapse' : 'Expand'} ${label} (${node.children.length})`} onClick={() => onToggle(nodeKey)}>
            <span aria-hidden="true">{expanded ? '▾' : '▸'}</span>
          </button>
        ) : (
          <span className="inv-toggle-space" aria-hidden="true" />
        )}
        <span className="inv-name">
          <span className="inv-kind">{node.kind}</span>{' '}
          {flux && node.namespace ? (
            <Link href={resourcePath({ clusterId, kind: flux.kind, namespace: node.namespace, name: node.name })} className="cell-title">
              {node.name}
            </Link>
          ) : (
            <span className="cell-title">{node.name}</span>
          )}
          {node.namespace && <span className="muted small"> {node.namespace}</span>}
        </span>
        <StatusBadge status={HEALTH_BADGE[node.health]} title={node.message} />
        {verbs.length > 0 && (
          <span className="inv-actions" role="group" aria-label={`Actions on ${label}`}>
            {verbs.map((verb) => (
              <button key={verb} type="button" className={`button small${verb === 'delete' ? ' danger' : ''}`} onClick={() => onAction(node, verb)}>
                {VERB_LABEL[verb]}
              </button>
            ))}
          </span>
        )}
      </div>
      {(node.message || (node.flux_owner && changes)) && (
        <div className="inv-detail small">
          {node.message && <span className={node.health === 'failed' || node.health === 'missing' ? 'inv-message-bad' : 'muted'}>{node.message}</span>}
          {node.flux_owner && changes && (
            <span className="faint">
              {' '}
              applied by {node.flux_owner.kind} {node.flux_owner.namespace}/{node.flux_owner.name}
            </span>
          )}
        </div>
      )}
      {hasChildren && expanded && (
        <ul>
          {node.children.map((child) => (
            <InventoryRow key={child.id} node={child} nodeKey={keyOf(nodeKey, child)} clusterId={clusterId} open={open} onToggle={onToggle} can={can} onAction={onAction} />
          ))}
        </ul>
      )}
    </li>
  );
}
