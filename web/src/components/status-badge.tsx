import type { HealthStatus } from '../api/clusters.js';

/** Every status the UI shows as a badge: cluster health, Azure subscription, job and sync outcomes. */
export type BadgeStatus =
  | HealthStatus
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
  | 'removed';

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
};

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
