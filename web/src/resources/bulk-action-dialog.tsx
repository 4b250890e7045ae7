import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { FluxAction } from '@flux-orchestrator/flux-model';
import { actionsOf, addressOf, resourceKeys, runLimited, runResourceAction, type ActionResult, type ResourceItem } from '../api/resources.js';
import { StatusBadge, type BadgeStatus } from '../components/status-badge.js';

/** Calls at once against the server (each call waits for its cluster). */
export const BULK_CONCURRENCY = 4;

const VERB: Record<FluxAction, string> = { reconcile: 'Reconcile', suspend: 'Suspend', resume: 'Resume' };
const WHAT: Record<FluxAction, string> = {
  reconcile: 'Asks each controller to reconcile now, as `flux reconcile` does. Nothing else changes.',
  suspend: 'Sets spec.suspend: Flux stops reconciling them until they are resumed. Changes in Git are not applied meanwhile.',
  resume: 'Clears spec.suspend and asks for a reconcile, as `flux resume` does.',
};

type Result = { state: 'pending' } | { state: 'ok'; result: ActionResult } | { state: 'failed'; message: string } | { state: 'skipped'; message: string };

const badgeOf = (result: Result | undefined): BadgeStatus => {
  if (!result || result.state === 'pending') return 'pending';
  if (result.state === 'failed') return 'failed';
  if (result.state === 'skipped') return 'skipped';
  return result.result.outcome === 'failed' ? 'failed' : result.result.outcome === 'timeout' ? 'timeout' : result.result.outcome === 'requested' ? 'requested' : 'done';
};

/**
 * Confirms an action on the selected objects, then runs it one object at a time per slot
 * ({@link BULK_CONCURRENCY} slots) and shows each object's result as it lands. Objects whose kind
 * does not offer the action are skipped, not sent.
 */
export function BulkActionDialog({ action, items, onClose }: { action: FluxAction | undefined; items: ResourceItem[]; onClose: (ran: boolean) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const queryClient = useQueryClient();
  const [results, setResults] = useState<Map<string, Result> | undefined>(undefined);
  const open = action !== undefined;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
    if (!open) setResults(undefined);
  }, [open]);

  const running = results !== undefined && [...results.values()].some((result) => result.state === 'pending');
  const finished = results !== undefined && !running;
  const verb = action ? VERB[action] : '';

  const start = () => {
    if (!action) return;
    const initial = new Map<string, Result>();
    const supported: ResourceItem[] = [];
    for (const item of items) {
      if (actionsOf(item.kind).includes(action)) {
        initial.set(item.id, { state: 'pending' });
        supported.push(item);
      } else {
        initial.set(item.id, { state: 'skipped', message: `${item.kind} has no ${action}` });
      }
    }
    setResults(initial);
    void runLimited(supported, BULK_CONCURRENCY, (item) => runResourceAction(addressOf(item), action), (item, outcome) => {
      setResults((current) => {
        const next = new Map(current);
        next.set(item.id, outcome.ok ? { state: 'ok', result: outcome.value } : { state: 'failed', message: outcome.error instanceof Error ? outcome.error.message : String(outcome.error) });
        return next;
      });
    }).then(() => queryClient.invalidateQueries({ queryKey: resourceKeys.all }));
  };

  const counts = results ? [...results.values()].reduce((sum, result) => ({ ...sum, [result.state]: (sum[result.state] ?? 0) + 1 }), {} as Record<string, number>) : {};
  const close = () => {
    if (!running) onClose(results !== undefined);
  };

  return (
    <dialog
      ref={ref}
      className="modal wide"
      aria-labelledby="bulk-title"
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
    >
      {open && (
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            if (results === undefined) start();
            else close();
          }}
        >
          <div className="modal-body">
            <h2 id="bulk-title">
              {verb} {items.length} {items.length === 1 ? 'object' : 'objects'}?
            </h2>
            <p className="muted">{action && WHAT[action]}</p>
            {results && (
              <p role="status" aria-live="polite">
                {running ? `Working… ${items.length - (counts.pending ?? 0)} of ${items.length} done` : `Finished: ${counts.ok ?? 0} succeeded, ${counts.failed ?? 0} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}.`}
              </p>
            )}
            <ul className="bulk-list" aria-label="Objects and results">
              {items.map((item) => {
                const result = results?.get(item.id);
                return (
                  <li key={item.id} data-object={`${item.kind}/${item.namespace}/${item.name}`} data-result={result?.state}>
                    <span className="bulk-name">
                      <span className="cell-title">{item.name}</span>
                      <span className="muted">
                        {' '}
                        {item.kind} · {item.namespace} · {item.cluster}
                      </span>
                      {result && (result.state === 'failed' || result.state === 'skipped') && <span className="bulk-error">{result.message}</span>}
                    </span>
                    {result && <StatusBadge status={badgeOf(result)} />}
                  </li>
                );
              })}
            </ul>
          </div>
          <div className="modal-actions">
            {!finished && (
              <button type="button" className="button" onClick={close} disabled={running}>
                Cancel
              </button>
            )}
            {results === undefined && (
              <button type="submit" className={`button ${action === 'suspend' ? 'danger solid' : 'primary'}`}>
                {verb} {items.length}
              </button>
            )}
            {running && (
              <button type="button" className="button primary" disabled>
                <span className="spinner" aria-hidden="true" /> Working…
              </button>
            )}
            {finished && (
              <button type="submit" className="button primary">
                Close
              </button>
            )}
          </div>
        </form>
      )}
    </dialog>
  );
}
