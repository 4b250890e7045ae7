import { useLiveStream, useStreamState } from '../api/stream.js';

const LOOK = {
  live: { tone: 'ok', label: 'Live', title: 'Changes in the fleet show as they happen' },
  connecting: { tone: 'neutral', label: 'Connecting…', title: 'Opening the live stream' },
  reconnecting: { tone: 'warn', label: 'Reconnecting…', title: 'The live stream dropped; what you see may be out of date until it is back' },
} as const;

/** Opens the tab's live stream and says whether it is connected. */
export function LiveIndicator() {
  useLiveStream();
  const state = useStreamState();
  const look = LOOK[state];
  return (
    <span className="live-indicator" role="status" aria-label={`Live updates: ${look.label}`} title={look.title} data-state={state}>
      <span className="dot" data-tone={look.tone} aria-hidden="true" />
      <span className="hide-narrow">{look.label}</span>
    </span>
  );
}
