import type { HealthStatus } from '../api/clusters.js';
import type { FluxStatus } from '../api/resources.js';

/**
 * Every status the UI shows as a badge: cluster health, Azure subscription, job and sync
 * outcomes, Flux object status (`flux-unknown`: the subscription's `unknown` means "not tested")
 * and Flux action outcomes.
 */
export type BadgeStatus =
  | HealthStatus
  | Exclude<FluxStatus, 'unknown'>
  | 'flux-unknown'
  | 'stale'
  | 'missing'
  | 'out_of_scope'
  | 'pending'
  | 'requested'
  | 'timeout'
  | 'done'
  | 'skipped'
  | 'unchecked'
  | 'failing'
  | 'connected'
  | 'error'
  | 'unknown'
  | 'queued'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'created'
  | 'updated'
  | 'unchanged'
  | 'removed'
  // The watch of a cluster's Flux objects (GET /clusters/{id}/sync), per cluster and per kind.
  | 'discovering'
  | 'syncing'
  | 'synced'
  | 'listing'
  | 'watching'
  | 'backoff'
  | 'forbidden'
  | 'not_served'
  | 'stopped'
  // Kubernetes event types.
  | 'warning'
  | 'normal';

export type Tone = 'ok' | 'warn' | 'err' | 'info' | 'neutral';

/** The one mapping from status to colour and words; colour is never the only signal. */
const STATUS_LOOK: Record<BadgeStatus, { tone: Tone; label: string }> = {
  healthy: { tone: 'ok', label: 'Healthy' },
  failing: { tone: 'err', label: 'Flux failing' },
  degraded: { tone: 'warn', label: 'Degraded' },
  unauthorized: { tone: 'err', label: 'Unauthorized' },
  unreachable: { tone: 'err', label: 'Unreachable' },
  unchecked: { tone: 'neutral', label: 'Not checked' },
  connected: { tone: 'ok', label: 'Connected' },
  error: { tone: 'err', label: 'Error' },
  unknown: { tone: 'neutral', label: 'Not tested' },
  queued: { tone: 'neutral', label: 'Queued' },
  running: { tone: 'info', label: 'Running' },
  succeeded: { tone: 'ok', label: 'Succeeded' },
  failed: { tone: 'err', label: 'Failed' },
  created: { tone: 'ok', label: 'Created' },
  updated: { tone: 'info', label: 'Updated' },
  unchanged: { tone: 'neutral', label: 'Unchanged' },
  removed: { tone: 'warn', label: 'Removed' },
  ready: { tone: 'ok', label: 'Ready' },
  progressing: { tone: 'info', label: 'Progressing' },
  suspended: { tone: 'warn', label: 'Suspended' },
  'flux-unknown': { tone: 'neutral', label: 'Unknown' },
  stale: { tone: 'neutral', label: 'Stale' },
  missing: { tone: 'err', label: 'Missing' },
  out_of_scope: { tone: 'neutral', label: 'Not in your scope' },
  pending: { tone: 'info', label: 'Waiting' },
  requested: { tone: 'info', label: 'Requested' },
  timeout: { tone: 'warn', label: 'Timed out' },
  done: { tone: 'ok', label: 'Done' },
  skipped: { tone: 'neutral', label: 'Skipped' },
  discovering: { tone: 'info', label: 'Discovering' },
  syncing: { tone: 'info', label: 'Syncing' },
  synced: { tone: 'ok', label: 'Synced' },
  listing: { tone: 'info', label: 'Listing' },
  watching: { tone: 'ok', label: 'Watching' },
  backoff: { tone: 'warn', label: 'Backing off' },
  forbidden: { tone: 'err', label: 'Forbidden' },
  not_served: { tone: 'neutral', label: 'Not served' },
  stopped: { tone: 'neutral', label: 'Stopped' },
  warning: { tone: 'warn', label: 'Warning' },
  normal: { tone: 'neutral', label: 'Normal' },
};

/** A Flux object's status as a badge key (`failed` and the others are shared with jobs and syncs). */
export const fluxBadge = (status: FluxStatus): BadgeStatus => (status === 'unknown' ? 'flux-unknown' : status);

export function toneOf(status: BadgeStatus): Tone {
  return STATUS_LOOK[status].tone;
}

export function labelOf(status: BadgeStatus): string {
  return STATUS_LOOK[status].label;
}

/** A coloured pill with the status in words; `title` carries the reason for hover. */
export function StatusBadge({ status, title }: { status: BadgeStatus; title?: string | undefined }) {
  const look = STATUS_LOOK[status] ?? { tone: 'neutral', label: status };
  return (
    <span className="badge" data-tone={look.tone} data-status={status} title={title || undefined}>
      {look.label}
    </span>
  );
}
