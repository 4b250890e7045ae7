import { useState } from 'react';
import { Link, useParams } from 'wouter';
import type { FluxAction } from '@flux-orchestrator/flux-model';
import { ApiRequestError } from '../api/request.js';
import {
  EMPTY_FILTER,
  actionsOf,
  reconcileOptionsOf,
  resourcePath,
  useResourceAction,
  useResourceDetail,
  useResourceList,
  type ActionResult,
  type FluxRef,
  type ResourceAddress,
  type ResourceDetail,
  type ResourceItem,
} from '../api/resources.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { EmptyState, ErrorAlert, Loading } from '../components/feedback.js';
import { Icon } from '../components/icons.js';
import { RelativeTime } from '../components/relative-time.js';
import { StatusBadge, fluxBadge } from '../components/status-badge.js';
import { matrixHref } from '../matrix/matrix-filter.js';
import { DetailTabs, detailTabOf, tabsOf, type DetailTab } from './detail-tabs.js';
import { EventsTab } from './events-tab.js';
import { GraphTab } from './graph-tab.js';
import { InventoryTab } from './inventory-tab.js';
import { LogsTab } from './logs-tab.js';
import { useCan } from '../auth/permissions.js';
import { ResourceStatus } from './resource-columns.js';
import { resourcesHref } from './resource-filter.js';

/** How long an action waits for the controller before the page says "timed out" (the object stays live). */
export const ACTION_WAIT_SECONDS = 60;

export default function ResourceDetailPage() {
  const params = useParams<{ id: string; kind: string; namespace: string; name: string; tab?: string }>();
  const address: ResourceAddress = { clusterId: params.id ?? '', kind: params.kind ?? '', namespace: params.namespace ?? '', name: params.name ?? '' };
  const tab = detailTabOf(params.tab);
  const detail = useResourceDetail(address);
  if (detail.isPending) return <Loading label="Loading the object from its cluster…" />;
  if (detail.isError) {
    if (detail.error instanceof ApiRequestError && detail.error.status === 404) {
      return (
        <div className="card">
          <EmptyState title={`${address.kind} ${address.namespace}/${address.name} not found`} actions={<Link href="/resources" className="button">All Flux objects</Link>}>
            {detail.error.message}. It may have been deleted from its cluster, or the cluster removed.
          </EmptyState>
        </div>
      );
    }
    return <DetailUnavailable address={address} tab={tab} error={detail.error} onRetry={() => void detail.refetch()} />;
  }
  return <ResourceDetailView address={address} tab={tab} detail={detail.data} onRetry={() => void detail.refetch()} retrying={detail.isFetching} />;
}

/**
 * The live object could not be read (its cluster is down, say): show what the index last saw,
 * which the stream keeps current once the cluster is back.
 */
function DetailUnavailable({ address, tab, error, onRetry }: { address: ResourceAddress; tab: DetailTab | undefined; error: unknown; onRetry: () => void }) {
  const known = useResourceList({ ...EMPTY_FILTER, cluster: [address.clusterId], kind: [address.kind], namespace: [address.namespace], q: address.name }, { limit: 50 });
  const item = known.data?.pages[0]?.items.find((candidate) => candidate.name === address.name && candidate.namespace === address.namespace);
  const unreachable = error instanceof ApiRequestError && error.status === 502;
  return (
    <>
      <div className="page-header">
        <DetailHeader address={address} item={item} />
      </div>
      <ErrorAlert title={unreachable ? 'The cluster cannot be reached right now' : 'Could not load the object'} error={error} onRetry={onRetry} />
      {/* The graph and the kept events come from the server, not the cluster: still there. */}
      <DetailTabs address={address} current={tab} available={['overview', 'graph', 'events']} />
      {tab === 'graph' && <GraphTab address={address} />}
      {tab === 'events' && <EventsTab address={address} events={undefined} />}
      {(tab === 'overview' || tab === undefined) && item && (
        <div className="section-gap">
          <p className="muted" style={{ marginBottom: 8 }}>
            The last known state from the fleet index; conditions, events and YAML need the cluster.
          </p>
          <StatusCard item={item} />
        </div>
      )}
      {tab !== undefined && !['overview', 'graph', 'events'].includes(tab) && <p className="muted section-gap">This section reads the object from its cluster: it shows once the cluster answers again.</p>}
    </>
  );
}

function DetailHeader({ address, item }: { address: ResourceAddress; item?: ResourceItem }) {
  return (
    <div className="title-block">
      <Link href="/resources" className="breadcrumb">
        ← Resources
      </Link>
      <h1 className="row">
        {address.name}
        {item && <ResourceStatus item={item} />}
      </h1>
      <p>
        {address.kind} in <Link href={resourcesHref({ namespace: [address.namespace] })}>{address.namespace}</Link> on{' '}
        <Link href={`/clusters/${encodeURIComponent(address.clusterId)}`}>{item?.cluster ?? 'its cluster'}</Link>
        {' · '}
        <Link href={matrixHref({ kind: address.kind, name: address.name })} title={`This ${address.kind}'s revision and status on every cluster`}>
          Matrix: {address.name} across clusters
        </Link>
      </p>
    </div>
  );
}

/**
 * The object's page. `detail.live` false: its cluster could not be reached, and the detail is what
 * the server kept (last known status, status changes, kept events, source and dependencies).
 */
export function ResourceDetailView({
  address,
  tab = 'overview',
  detail,
  onRetry,
  retrying = false,
}: {
  address: ResourceAddress;
  tab: DetailTab | undefined;
  detail: ResourceDetail;
  onRetry?: () => void;
  retrying?: boolean;
}) {
  const item = detail.resource;
  const available = tabsOf(item.kind);
  return (
    <>
      <div className="page-header">
        <DetailHeader address={address} item={item} />
      </div>
      <ResourceActions address={address} item={item} clusterReachable={detail.live} />
      {!detail.live && <ClusterUnreachableNotice item={item} reason={detail.unavailable_reason} onRetry={onRetry} retrying={retrying} />}
      {detail.live && item.stale && (
        <div className="alert" data-tone="warn" role="status" style={{ marginBottom: 16 }}>
          <div className="alert-body">
            <span className="alert-title">Last known state</span>
            <span>Its cluster is not being watched right now, so this may be out of date. It updates as soon as the watch is back.</span>
          </div>
        </div>
      )}
      <DetailTabs address={address} current={tab} available={available} />
      {tab === 'graph' && <GraphTab address={address} />}
      {tab === 'inventory' && available.includes('inventory') && <InventoryTab address={address} />}
      {tab === 'events' && <EventsTab address={address} events={detail.events} keptOnly={!detail.live} />}
      {tab === 'logs' && <LogsTab address={address} />}
      {!available.includes(tab) && (
        <EmptyState title="No such section" actions={<Link href={resourcePath(address)} className="button">Overview</Link>}>
          A {item.kind} has no {tab} section. Pick one of the sections above.
        </EmptyState>
      )}
      {tab === 'overview' && <OverviewTab address={address} detail={detail} />}
    </>
  );
}

/**
 * The cluster could not be reached: say which, why, and how old what is shown may be. The page
 * reads the object again by itself when the stream says the cluster's watch is back; "Try again"
 * does it now.
 */
export function ClusterUnreachableNotice({ item, reason, onRetry, retrying = false }: { item: ResourceItem; reason: string | null; onRetry?: (() => void) | undefined; retrying?: boolean }) {
  return (
    <div className="alert" data-tone="warn" role="status" aria-label="Cluster unreachable" style={{ marginBottom: 16 }}>
      <div className="alert-body">
        <span className="alert-title">
          Cluster {item.cluster} is unreachable{reason ? `: ${reason}` : ''}.
        </span>
        <span>
          Showing the last known status, recorded <RelativeTime iso={item.updated_at} ticking />. Conditions, YAML and actions need the cluster; status changes, kept events, source and dependencies come from Flux Orchestrator.
        </span>
      </div>
      {onRetry && (
        <button type="button" className="button small" onClick={onRetry} disabled={retrying}>
          {retrying && <span className="spinner" aria-hidden="true" />}
          Try again
        </button>
      )}
    </div>
  );
}

/** Status, source and dependencies, conditions, status changes and YAML. */
function OverviewTab({ address, detail }: { address: ResourceAddress; detail: ResourceDetail }) {
  const item = detail.resource;
  return (
    <>
      <div className="grid-2">
        <StatusCard item={item} />
        <RelationsCard clusterId={address.clusterId} detail={detail} />
      </div>

      <section className="card" aria-labelledby="conditions-title">
        <div className="card-header">
          <h2 id="conditions-title">Conditions</h2>
        </div>
        {!detail.live ? (
          <EmptyState title="Conditions need the cluster">They are read from the live object, and show once its cluster answers again.</EmptyState>
        ) : detail.conditions.length === 0 ? (
          <EmptyState title="No conditions">The controller has not reported on this object, or its kind has none.</EmptyState>
        ) : (
          <div className="table-wrap">
            <table className="data" aria-label="Conditions">
              <thead>
                <tr>
                  <th scope="col">Type</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="hide-narrow">
                    Reason
                  </th>
                  <th scope="col" className="hide-narrow">
                    Message
                  </th>
                  <th scope="col" className="hide-narrow">
                    Changed
                  </th>
                </tr>
              </thead>
              <tbody>
                {detail.conditions.map((condition) => (
                  <tr key={condition.type}>
                    <td>
                      <span className="strong">{condition.type}</span>
                      {/* A phone has no room for four columns: reason and message go under the type, the message whole. */}
                      <div className="show-narrow-block condition-narrow">
                        {condition.reason && <div>{condition.reason}</div>}
                        {condition.message && <div className="pre-wrap muted">{condition.message}</div>}
                      </div>
                    </td>
                    <td className="mono">{condition.status}</td>
                    <td className="hide-narrow">{condition.reason || '—'}</td>
                    <td className="hide-narrow pre-wrap muted">{condition.message || '—'}</td>
                    <td className="hide-narrow">
                      <RelativeTime iso={condition.last_transition_time} ticking />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <div className="section-gap">
        <section className="card" aria-labelledby="transitions-title">
          <div className="card-header">
            <h2 id="transitions-title">Status changes</h2>
            <span className="muted small">Recorded by Flux Orchestrator, newest first</span>
          </div>
          {detail.transitions.length === 0 ? (
            <EmptyState title="No changes recorded">The status has not changed since the object was first seen.</EmptyState>
          ) : (
            <ol className="timeline" aria-label="Status changes">
              {detail.transitions.map((transition, index) => (
                <li key={`${transition.at}-${index}`} data-tone={transition.to_status === 'failed' ? 'err' : transition.to_status === 'ready' ? 'ok' : 'neutral'}>
                  <div className="timeline-head">
                    {transition.from_status && (
                      <>
                        <StatusBadge status={fluxBadge(transition.from_status as ResourceItem['status'])} />
                        <span aria-label="to">→</span>
                      </>
                    )}
                    <StatusBadge status={fluxBadge(transition.to_status as ResourceItem['status'])} />
                    <span className="spacer" />
                    <RelativeTime iso={transition.at} ticking />
                  </div>
                  {(transition.reason || transition.message) && (
                    <div className="small">
                      <span className="strong">{transition.reason}</span> {transition.message}
                    </div>
                  )}
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>

      {detail.yaml !== null ? (
        <YamlCard yaml={detail.yaml} />
      ) : (
        <section className="card section-gap" aria-labelledby="yaml-title">
          <div className="card-header">
            <h2 id="yaml-title">YAML</h2>
          </div>
          <EmptyState title="The YAML needs the cluster">The object is read from its cluster, and shows once the cluster answers again.</EmptyState>
        </section>
      )}
    </>
  );
}

/** What the index and the live object say about its status. */
function StatusCard({ item }: { item: ResourceItem }) {
  return (
    <section className="card" aria-labelledby="status-title">
      <div className="card-header">
        <h2 id="status-title">Status</h2>
      </div>
      <div className="card-body">
        <dl className="props">
          <dt>Status</dt>
          <dd>
            <StatusBadge status={fluxBadge(item.status)} /> <span className="muted">since</span> <RelativeTime iso={item.status_since} ticking />
          </dd>
          <dt>Reason</dt>
          <dd className="strong">{item.reason || '—'}</dd>
          <dt>Message</dt>
          <dd className="pre-wrap" data-testid="status-message">
            {item.message || <span className="faint">—</span>}
          </dd>
          <dt>Revision</dt>
          <dd className="mono">{item.revision ?? '—'}</dd>
          {item.attempted_revision && (
            <>
              <dt>Attempted revision</dt>
              <dd className="mono">{item.attempted_revision}</dd>
            </>
          )}
          <dt>Suspended</dt>
          <dd>{item.suspended ? 'yes' : 'no'}</dd>
          <dt>Last reconcile request handled</dt>
          <dd data-field="last-handled-reconcile">
            <RequestToken value={item.last_handled_reconcile_at} />
          </dd>
          <dt>Generation</dt>
          <dd>{item.generation === null ? '—' : `${item.generation} (observed ${item.observed_generation ?? '—'})`}</dd>
          <dt>API version</dt>
          <dd className="mono">{item.api_version}</dd>
        </dl>
      </div>
    </section>
  );
}

/**
 * A `reconcile.fluxcd.io/requestedAt` value. The flux CLI and this server write the time (RFC 3339),
 * shown like the page's other times; anyone may write any token (`date +%s`), shown as it is.
 */
function RequestToken({ value }: { value: string | null }) {
  if (!value) return <span className="faint">—</span>;
  if (/^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value))) return <RelativeTime iso={value} ticking />;
  return <span className="mono">{value}</span>;
}

const refPath = (clusterId: string, ref: FluxRef) => resourcePath({ clusterId, kind: ref.kind, namespace: ref.namespace, name: ref.name });

/** `outOfScope`: in a namespace outside the caller's role bindings (named, never shown). */
function RefLink({ clusterId, ref: target, resource, outOfScope = false }: { clusterId: string; ref: FluxRef; resource: ResourceItem | null; outOfScope?: boolean }) {
  const name = `${target.kind} ${target.namespace}/${target.name}`;
  return (
    <li className="relation" data-missing={resource || outOfScope ? undefined : 'true'}>
      <span className="relation-name">
        {outOfScope ? (
          <span className="cell-title">{name}</span>
        ) : (
          <Link href={refPath(clusterId, target)} className="cell-title">
            {name}
          </Link>
        )}
        {resource?.reason && resource.status !== 'ready' && <span className="muted small">{resource.reason}</span>}
      </span>
      {resource ? (
        <StatusBadge status={fluxBadge(resource.status)} title={resource.message} />
      ) : outOfScope ? (
        <StatusBadge status="out_of_scope" title="In a namespace your role bindings do not cover" />
      ) : (
        <StatusBadge status="missing" title="Not found in the cluster" />
      )}
    </li>
  );
}

function RelationsCard({ clusterId, detail }: { clusterId: string; detail: ResourceDetail }) {
  return (
    <section className="card" aria-labelledby="relations-title">
      <div className="card-header">
        <h2 id="relations-title">Source and dependencies</h2>
      </div>
      <div className="card-body stack">
        <div>
          <h3 className="relation-title">Source</h3>
          {detail.source ? (
            <ul className="relations" aria-label="Source">
              <RefLink clusterId={clusterId} ref={detail.source.ref} resource={detail.source.resource} outOfScope={detail.source.out_of_scope} />
            </ul>
          ) : (
            <p className="faint">None</p>
          )}
        </div>
        <div>
          <h3 className="relation-title">Depends on</h3>
          {detail.depends_on.length > 0 ? (
            <ul className="relations" aria-label="Depends on">
              {detail.depends_on.map((dependency) => (
                <RefLink key={`${dependency.ref.kind}/${dependency.ref.namespace}/${dependency.ref.name}`} clusterId={clusterId} ref={dependency.ref} resource={dependency.resource} outOfScope={dependency.out_of_scope} />
              ))}
            </ul>
          ) : (
            <p className="faint">Nothing</p>
          )}
        </div>
        <div>
          <h3 className="relation-title">Used by</h3>
          {detail.dependents.length > 0 ? (
            <ul className="relations" aria-label="Used by">
              {detail.dependents.map((dependent) => (
                <RefLink key={dependent.id} clusterId={clusterId} ref={{ kind: dependent.kind, namespace: dependent.namespace, name: dependent.name }} resource={dependent} />
              ))}
            </ul>
          ) : (
            <p className="faint">Nothing in this cluster</p>
          )}
        </div>
      </div>
    </section>
  );
}

function YamlCard({ yaml }: { yaml: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | undefined>(undefined);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(yaml);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
    setTimeout(() => setCopied(undefined), 2_000);
  };
  return (
    <section className="card section-gap" aria-labelledby="yaml-title">
      <div className="card-header">
        <h2 id="yaml-title">YAML</h2>
        <span className="muted small" role="status">
          {copied === 'yes' ? 'Copied' : copied === 'failed' ? 'Copy failed: select the text instead' : ''}
        </span>
        <button type="button" className="button small" onClick={() => void copy()}>
          <Icon name="copy" size={14} /> Copy YAML
        </button>
      </div>
      <pre className="yaml" tabIndex={0} aria-label="The live object as YAML">
        {yaml}
      </pre>
    </section>
  );
}

const OUTCOME_TEXT: Record<ActionResult['outcome'], { tone: 'ok' | 'err' | 'warn' | 'info'; title: string }> = {
  ready: { tone: 'ok', title: 'Done: the controller handled it and the object is ready' },
  failed: { tone: 'err', title: 'Handled by the controller, and it fails' },
  timeout: { tone: 'warn', title: `Not handled within ${ACTION_WAIT_SECONDS} s` },
  requested: { tone: 'info', title: 'Requested' },
  done: { tone: 'ok', title: 'Done' },
};

const VERB: Record<FluxAction, string> = { reconcile: 'Reconcile', suspend: 'Suspend', resume: 'Resume' };

/**
 * Reconcile (with source; HelmRelease force/reset), suspend, resume; the outcome shows when it lands.
 * While the cluster cannot be reached they are disabled rather than left to fail: each would be
 * a patch on that cluster, certain to end in the same error the notice already shows, and they
 * come back by themselves when the page reads the object live again.
 */
function ResourceActions({ address, item, clusterReachable = true }: { address: ResourceAddress; item: ResourceItem; clusterReachable?: boolean }) {
  const actions = actionsOf(item.kind);
  const options = reconcileOptionsOf(item.kind);
  const run = useResourceAction(address);
  const [withSource, setWithSource] = useState(false);
  const [force, setForce] = useState(false);
  const [reset, setReset] = useState(false);
  const [confirmSuspend, setConfirmSuspend] = useState(false);
  // What a role may not do is not offered (a viewer would only meet a 403).
  const canAct = useCan('resources:act');
  if (actions.length === 0 || !canAct) return null;
  const busy = run.isPending;
  const blocked = busy || !clusterReachable;
  const unreachableTitle = clusterReachable ? undefined : 'The cluster cannot be reached: actions need it';
  const go = (action: FluxAction) =>
    run.mutate({
      action,
      options: action === 'reconcile' ? { with_source: withSource || undefined, force: force || undefined, reset: reset || undefined, wait_seconds: ACTION_WAIT_SECONDS } : action === 'resume' ? { wait_seconds: ACTION_WAIT_SECONDS } : {},
    });
  const pending = run.variables?.action;
  return (
    <section className="card action-card" aria-label="Actions">
      <div className="card-body row">
        {actions.includes('reconcile') && (
          <button
            type="button"
            className="button primary"
            onClick={() => go('reconcile')}
            disabled={blocked || item.suspended}
            title={unreachableTitle ?? (item.suspended ? 'Resume it first: a suspended object is not reconciled' : undefined)}
          >
            {busy && pending === 'reconcile' ? <span className="spinner" aria-hidden="true" /> : <Icon name="refresh" size={14} />}
            Reconcile
          </button>
        )}
        {options.includes('with_source') && (
          <label className="checkbox small">
            <input type="checkbox" checked={withSource} onChange={(event) => setWithSource(event.target.checked)} disabled={!clusterReachable} /> with source
          </label>
        )}
        {options.includes('force') && (
          <label className="checkbox small" title="One-off install or upgrade even without changes">
            <input type="checkbox" checked={force} onChange={(event) => setForce(event.target.checked)} disabled={!clusterReachable} /> force
          </label>
        )}
        {options.includes('reset') && (
          <label className="checkbox small" title="Reset the failure counters (retries)">
            <input type="checkbox" checked={reset} onChange={(event) => setReset(event.target.checked)} disabled={!clusterReachable} /> reset
          </label>
        )}
        <span className="spacer" />
        {!clusterReachable && <span className="muted small">Actions need the cluster</span>}
        {item.suspended
          ? actions.includes('resume') && (
              <button type="button" className="button" onClick={() => go('resume')} disabled={blocked} title={unreachableTitle}>
                {busy && pending === 'resume' && <span className="spinner" aria-hidden="true" />}
                Resume
              </button>
            )
          : actions.includes('suspend') && (
              <button type="button" className="button danger" onClick={() => setConfirmSuspend(true)} disabled={blocked} title={unreachableTitle}>
                Suspend
              </button>
            )}
      </div>
      {(busy || run.data || run.error) && (
        <div className="card-body action-outcome">
          {busy && pending && (
            <div className="alert" data-tone="info" role="status">
              <span className="spinner" aria-hidden="true" />
              <div className="alert-body">
                <span className="alert-title">{VERB[pending]} requested</span>
                <span>{pending === 'suspend' ? 'Setting spec.suspend…' : `Waiting for the controller to handle it (up to ${ACTION_WAIT_SECONDS} s). The page stays live meanwhile.`}</span>
              </div>
            </div>
          )}
          {!busy && run.data && <ActionOutcome result={run.data} />}
          {!busy && run.error && <ErrorAlert title={`${VERB[run.variables?.action ?? 'reconcile']} failed`} error={run.error} />}
        </div>
      )}
      <ConfirmDialog
        open={confirmSuspend}
        title={`Suspend ${item.name}?`}
        confirmLabel="Suspend"
        onCancel={() => setConfirmSuspend(false)}
        onConfirm={() => {
          setConfirmSuspend(false);
          go('suspend');
        }}
      >
        <p>Flux stops reconciling this {item.kind} until it is resumed: changes in its source are not applied meanwhile.</p>
      </ConfirmDialog>
    </section>
  );
}

function ActionOutcome({ result }: { result: ActionResult }) {
  const look = OUTCOME_TEXT[result.outcome];
  const title = result.action === 'suspend' ? 'Suspended' : result.action === 'resume' && result.outcome === 'ready' ? 'Resumed: reconciled and ready' : look.title;
  return (
    <div className="alert" data-tone={look.tone} role="status" aria-label="Action outcome" data-outcome={result.outcome}>
      <div className="alert-body">
        <span className="alert-title">{title}</span>
        {result.outcome !== 'done' && (
          <span>
            {result.resource.reason}
            {result.resource.message ? `: ${result.resource.message}` : ''}
          </span>
        )}
        {result.outcome === 'timeout' && <span className="muted">It may still be handled: the status on this page stays live.</span>}
        <span className="muted small">
          Requested <RelativeTime iso={result.requested_at} ticking />
          {result.source && ` (source ${result.source.ref.kind} ${result.source.ref.name} first)`}
        </span>
      </div>
    </div>
  );
}
