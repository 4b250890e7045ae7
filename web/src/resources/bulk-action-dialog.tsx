import { useEffect, useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { FluxAction } from '@flux-orchestrator/flux-model';
import { bulkItemKey, bulkItemsOfResult, planBulkAction, startBulkAction, useStreamedJobItems, type BulkActionPlan, type BulkItemResult, type BulkOptions, type BulkSelector } from '../api/bulk-actions.js';
import { useJob } from '../api/jobs.js';
import { actionsOf, addressOf, resourceKeys, resourcePath, runLimited, runResourceAction, type ActionResult, type ResourceFilter, type ResourceItem } from '../api/resources.js';
import { ErrorAlert } from '../components/feedback.js';
import { Modal } from '../components/modal.js';
import { StatusBadge, type BadgeStatus } from '../components/status-badge.js';
import { comparePlan, finishedText, planEntries, resultKindOf, resultNote, selectorOfFilter, selectorOfItems, stepsOf, unplannedResults, type PlanComparison } from './bulk-selection.js';

/** Calls at once when acting on a selection object by object (each call waits for its cluster). */
export const BULK_CONCURRENCY = 4;
/** How long a reconcile or resume waits for each object before what depends on it starts. */
export const BULK_WAIT_SECONDS = 60;
/** Objects listed per cluster in a plan (the counts above them are exact). */
const LISTED_PER_CLUSTER = 100;

const VERB: Record<FluxAction, string> = { reconcile: 'Reconcile', suspend: 'Suspend', resume: 'Resume' };
const WHAT: Record<FluxAction, string> = {
  reconcile: 'Asks each controller to reconcile now, as `flux reconcile` does. Nothing else changes.',
  suspend: 'Sets spec.suspend: Flux stops reconciling them until they are resumed. Changes in Git are not applied meanwhile.',
  resume: 'Clears spec.suspend and asks for a reconcile, as `flux resume` does.',
};

/** What to act on: rows picked by hand, or everything a list's filter matches. */
export type BulkTarget = { type: 'selection'; items: ResourceItem[] } | { type: 'filter'; filter: ResourceFilter; total: number };

type DirectResult = { state: 'pending' } | { state: 'ok'; result: ActionResult } | { state: 'failed'; message: string } | { state: 'skipped'; message: string };

type Phase =
  | { state: 'choose' }
  | { state: 'planning' }
  | { state: 'plan'; plan: BulkActionPlan; comparison: PlanComparison | undefined }
  | { state: 'plan-failed'; error: unknown }
  | { state: 'starting'; plan: BulkActionPlan }
  | { state: 'start-failed'; plan: BulkActionPlan; error: unknown }
  | { state: 'job'; plan: BulkActionPlan; jobId: string; total: number }
  | { state: 'direct'; results: Map<string, DirectResult> };

const outcomeBadge = (outcome: BulkItemResult['outcome']): BadgeStatus => (outcome === 'error' ? 'error' : outcome);

/**
 * A bulk reconcile, suspend or resume. It first asks the server for the plan (a dry run: every
 * object the selector matches, per cluster, by step) and shows it; the job that runs is the same
 * selector, planned again by the server as it starts, and the results list what actually ran
 * (anything the preview did not show is marked). Rows picked by hand run as one job only when
 * the plan is exactly those rows; otherwise they can be acted on one request each.
 */
export function BulkActionDialog({ target, action: initialAction, onClose }: { target: BulkTarget | undefined; action: FluxAction | undefined; onClose: (ran: boolean) => void }) {
  const queryClient = useQueryClient();
  const open = target !== undefined;
  const [action, setAction] = useState<FluxAction>(initialAction ?? 'reconcile');
  const [wait, setWait] = useState(true);
  const [phase, setPhase] = useState<Phase>({ state: 'choose' });

  const selector: BulkSelector | undefined = useMemo(() => {
    if (!target) return undefined;
    if (target.type === 'selection') return selectorOfItems(target.items);
    const answer = selectorOfFilter(target.filter);
    return 'selector' in answer ? answer.selector : undefined;
  }, [target]);
  const options: BulkOptions = action !== 'suspend' && wait ? { wait_seconds: BULK_WAIT_SECONDS } : {};

  const plan = async (chosen: FluxAction) => {
    if (!selector) return;
    setPhase({ state: 'planning' });
    try {
      const answer = await planBulkAction({ action: chosen, selector, options });
      setPhase({ state: 'plan', plan: answer, comparison: target?.type === 'selection' ? comparePlan(answer, target.items, chosen) : undefined });
    } catch (error) {
      setPhase({ state: 'plan-failed', error });
    }
  };

  // Modal shows and closes the dialog; this starts each opening afresh.
  useEffect(() => {
    if (!open) return;
    const chosen = initialAction ?? 'reconcile';
    setAction(chosen);
    setWait(true);
    // Picked rows: the plan at once (the action was picked with them). A filter: choose first.
    if (target?.type === 'selection') {
      if (selectorOfItems(target.items)) void plan(chosen);
      else setPhase({ state: 'plan-failed', error: new Error(`More than 1,000 different values in one selector field: act on them one by one.`) });
    } else setPhase({ state: 'choose' });
    // Only when the dialog opens: later changes of the rows must not restart it.
  }, [open]);

  const runJob = async (shown: BulkActionPlan) => {
    if (!selector) return;
    setPhase({ state: 'starting', plan: shown });
    try {
      const accepted = await startBulkAction({ action, selector, options });
      setPhase({ state: 'job', plan: shown, jobId: accepted.job_id, total: accepted.total });
    } catch (error) {
      setPhase({ state: 'start-failed', plan: shown, error });
    }
  };

  const runDirect = (items: ResourceItem[]) => {
    const initial = new Map<string, DirectResult>();
    const supported: ResourceItem[] = [];
    for (const item of items) {
      if (actionsOf(item.kind).includes(action)) {
        initial.set(item.id, { state: 'pending' });
        supported.push(item);
      } else initial.set(item.id, { state: 'skipped', message: `${item.kind} has no ${action}` });
    }
    setPhase({ state: 'direct', results: initial });
    void runLimited(supported, BULK_CONCURRENCY, (item) => runResourceAction(addressOf(item), action, options), (item, outcome) => {
      setPhase((current) => {
        if (current.state !== 'direct') return current;
        const next = new Map(current.results);
        next.set(item.id, outcome.ok ? { state: 'ok', result: outcome.value } : { state: 'failed', message: outcome.error instanceof Error ? outcome.error.message : String(outcome.error) });
        return { state: 'direct', results: next };
      });
    }).then(() => queryClient.invalidateQueries({ queryKey: resourceKeys.all }));
  };

  const busy = phase.state === 'planning' || phase.state === 'starting' || (phase.state === 'direct' && [...phase.results.values()].some((result) => result.state === 'pending'));
  const ran = phase.state === 'job' || phase.state === 'direct';
  const close = () => {
    if (!busy) onClose(ran);
  };
  const count = target?.type === 'selection' ? target.items.length : (target?.total ?? 0);
  const title = target?.type === 'filter' ? `${VERB[action]} all ${count} matching ${count === 1 ? 'object' : 'objects'}?` : `${VERB[action]} ${count} ${count === 1 ? 'object' : 'objects'}?`;

  return (
    <Modal open={open} titleId="bulk-title" onCancel={close} className="wide">
      {target && (
        <form
          method="dialog"
          onSubmit={(event) => {
            event.preventDefault();
            if (phase.state === 'choose') void plan(action);
            else close();
          }}
        >
          <div className="modal-body">
            <h2 id="bulk-title">{title}</h2>
            <p className="muted">{WHAT[action]}</p>
            {target.type === 'filter' && !selector && <NoSelector filter={target.filter} />}
            {(phase.state === 'choose' || phase.state === 'plan' || phase.state === 'plan-failed') && (
              <fieldset className="bulk-options">
                <legend className="visually-hidden">Action and options</legend>
                {target.type === 'filter' && (
                  <div className="row">
                    {(['reconcile', 'suspend', 'resume'] as const).map((name) => (
                      <label key={name} className="checkbox">
                        <input
                          type="radio"
                          name="bulk-action"
                          value={name}
                          checked={action === name}
                          onChange={() => {
                            setAction(name);
                            if (phase.state !== 'choose') setPhase({ state: 'choose' });
                          }}
                        />
                        {VERB[name]}
                      </label>
                    ))}
                  </div>
                )}
                {action !== 'suspend' && (
                  <label className="checkbox small">
                    <input
                      type="checkbox"
                      checked={wait}
                      onChange={(event) => setWait(event.target.checked)}
                    />
                    Wait for each object (up to {BULK_WAIT_SECONDS} s) before what depends on it starts
                  </label>
                )}
              </fieldset>
            )}
            {phase.state === 'planning' && (
              <p role="status">
                <span className="spinner" aria-hidden="true" /> Asking the server what this would touch…
              </p>
            )}
            {phase.state === 'plan-failed' && <ErrorAlert title="No plan" error={phase.error} />}
            {phase.state === 'plan' && <PlanView plan={phase.plan} comparison={phase.comparison} />}
            {phase.state === 'start-failed' && <ErrorAlert title="The job did not start" error={phase.error} />}
            {(phase.state === 'starting' || phase.state === 'start-failed') && <PlanView plan={phase.plan} comparison={undefined} />}
            {phase.state === 'job' && <JobView plan={phase.plan} jobId={phase.jobId} total={phase.total} />}
            {phase.state === 'direct' && target.type === 'selection' && <DirectView items={target.items} results={phase.results} />}
          </div>
          <div className="modal-actions">
            <DialogButtons
              phase={phase}
              action={action}
              target={target}
              canPlan={selector !== undefined}
              busy={busy}
              onClose={close}
              onRunJob={(shown) => void runJob(shown)}
              onRunDirect={(items) => runDirect(items)}
            />
          </div>
        </form>
      )}
    </Modal>
  );
}

function DialogButtons({
  phase,
  action,
  target,
  canPlan,
  busy,
  onClose,
  onRunJob,
  onRunDirect,
}: {
  phase: Phase;
  action: FluxAction;
  target: BulkTarget;
  canPlan: boolean;
  busy: boolean;
  onClose: () => void;
  onRunJob: (plan: BulkActionPlan) => void;
  onRunDirect: (items: ResourceItem[]) => void;
}) {
  const danger = action === 'suspend' ? 'danger solid' : 'primary';
  const finishedDirect = phase.state === 'direct' && !busy;
  return (
    <>
      {phase.state !== 'job' && !finishedDirect && (
        <button type="button" className="button" onClick={onClose} disabled={busy}>
          Cancel
        </button>
      )}
      {phase.state === 'choose' && (
        <button type="submit" className="button primary" disabled={!canPlan}>
          Preview the plan
        </button>
      )}
      {phase.state === 'planning' && (
        <button type="button" className="button primary" disabled>
          <span className="spinner" aria-hidden="true" /> Planning…
        </button>
      )}
      {phase.state === 'plan' && phase.plan.total > 0 && (phase.comparison === undefined || phase.comparison.exact) && (
        <button type="button" className={`button ${danger}`} onClick={() => onRunJob(phase.plan)}>
          {VERB[action]} {phase.plan.total}
        </button>
      )}
      {target.type === 'selection' && (phase.state === 'plan-failed' || (phase.state === 'plan' && phase.comparison && !phase.comparison.exact)) && (
        <button type="button" className={`button ${danger}`} onClick={() => onRunDirect(target.items)}>
          {VERB[action]} the {target.items.length} selected, one by one
        </button>
      )}
      {phase.state === 'starting' && (
        <button type="button" className="button primary" disabled>
          <span className="spinner" aria-hidden="true" /> Starting…
        </button>
      )}
      {phase.state === 'direct' && busy && (
        <button type="button" className="button primary" disabled>
          <span className="spinner" aria-hidden="true" /> Working…
        </button>
      )}
      {(phase.state === 'job' || finishedDirect) && (
        <button type="submit" className="button primary">
          Close
        </button>
      )}
    </>
  );
}

function NoSelector({ filter }: { filter: ResourceFilter }) {
  const answer = selectorOfFilter(filter);
  return (
    <div className="alert" data-tone="warn" role="alert">
      <div className="alert-body">
        <span className="alert-title">These filters cannot be sent as a bulk action</span>
        <span>{'reason' in answer ? answer.reason : ''}</span>
      </div>
    </div>
  );
}

/** The plan: per cluster, its objects by step, exact counts; for picked rows, how it differs from them. */
function PlanView({ plan, comparison }: { plan: BulkActionPlan; comparison: PlanComparison | undefined }) {
  return (
    <div className="stack bulk-plan" aria-label="Plan">
      <p role="status">
        {plan.total === 0
          ? 'Nothing matches: no object would be touched.'
          : `The server would ${plan.action} ${plan.total} ${plan.total === 1 ? 'object' : 'objects'} in ${plan.clusters.length} ${plan.clusters.length === 1 ? 'cluster' : 'clusters'}: clusters side by side, each cluster step by step (sources first, dependsOn honoured).`}
        {plan.skipped_kinds.length > 0 && ` Left out: ${plan.skipped_kinds.join(', ')} (no ${plan.action}).`}
      </p>
      {plan.total > 0 && <p className="muted small">The server plans again from the same selector when the job starts: if objects change in between, the results say what actually ran.</p>}
      {comparison && !comparison.exact && <Mismatch comparison={comparison} />}
      {comparison?.exact && comparison.unsupported.length > 0 && (
        <p className="muted small">
          {comparison.unsupported.length} selected {comparison.unsupported.length === 1 ? 'object has' : 'objects have'} no {plan.action} and {comparison.unsupported.length === 1 ? 'is' : 'are'} left out.
        </p>
      )}
      {plan.clusters.map((cluster) => {
        const steps = stepsOf(cluster.objects);
        let listed = 0;
        return (
          <section key={cluster.cluster_id} className="bulk-cluster" aria-label={`Plan for ${cluster.cluster}`}>
            <h3>
              {cluster.cluster} <span className="muted small">{cluster.objects.length} {cluster.objects.length === 1 ? 'object' : 'objects'}</span>
            </h3>
            {steps.map((objects) => {
              const step = objects[0]!.step;
              const room = Math.max(0, LISTED_PER_CLUSTER - listed);
              const shown = objects.slice(0, room);
              listed += shown.length;
              return (
                <div key={step} className="bulk-step">
                  <div className="muted small">
                    Step {step + 1}
                    {steps.length > 1 ? (step === 0 ? ' (first: what the others use)' : '') : ''} · {objects.length} {objects.length === 1 ? 'object' : 'objects'}
                  </div>
                  <ul className="bulk-list">
                    {shown.map((object) => (
                      <li key={`${object.kind}/${object.namespace}/${object.name}`} data-object={`${object.kind}/${object.namespace}/${object.name}`} data-cluster={cluster.cluster}>
                        <span className="bulk-name">
                          <span className="cell-title">{object.name}</span>
                          <span className="muted">
                            {' '}
                            {object.kind} · {object.namespace}
                          </span>
                        </span>
                        <StatusBadge status={object.status === 'unknown' ? 'flux-unknown' : object.status} />
                      </li>
                    ))}
                  </ul>
                  {shown.length < objects.length && <p className="muted small">…and {objects.length - shown.length} more in this step.</p>}
                </div>
              );
            })}
          </section>
        );
      })}
    </div>
  );
}

function Mismatch({ comparison }: { comparison: PlanComparison }) {
  const { extra, absent } = comparison;
  return (
    <div className="alert" data-tone="warn" role="alert" aria-label="Plan differs from the selection">
      <div className="alert-body">
        <span className="alert-title">The server&apos;s selector does not match exactly the rows you picked</span>
        {extra.length > 0 && (
          <span>
            It would also touch {extra.length} {extra.length === 1 ? 'object' : 'objects'} you did not pick (a bulk action matches clusters × kinds × namespaces × names):{' '}
            {extra
              .slice(0, 5)
              .map((entry) => `${entry.kind} ${entry.namespace}/${entry.name} on ${entry.cluster}`)
              .join(', ')}
            {extra.length > 5 ? ', …' : ''}.
          </span>
        )}
        {absent.length > 0 && (
          <span>
            {absent.length} picked {absent.length === 1 ? 'object is' : 'objects are'} not in it (gone, or outside what you may act on):{' '}
            {absent
              .slice(0, 5)
              .map((item) => `${item.kind} ${item.namespace}/${item.name}`)
              .join(', ')}
            .
          </span>
        )}
        <span className="muted">So it is not run as one job. You can act on exactly the picked rows instead, one request each (no dependency order between them).</span>
      </div>
    </div>
  );
}

/** The job as it runs: each object's result as the stream brings it, the job's own list once it is finished. */
function JobView({ plan, jobId, total }: { plan: BulkActionPlan; jobId: string; total: number }) {
  const queryClient = useQueryClient();
  const job = useJob(jobId);
  const streamed = useStreamedJobItems(jobId);
  const final = job.data && (job.data.status === 'succeeded' || job.data.status === 'failed') ? bulkItemsOfResult(job.data.result) : undefined;
  const results = final && final.length >= streamed.length ? final : streamed;
  // A caller scoped to some clusters cannot read jobs (404): the stream's results are all there is.
  const finished = (job.data !== undefined && (job.data.status === 'succeeded' || job.data.status === 'failed')) || results.length >= total;
  const byKey = new Map(results.map((item) => [bulkItemKey(item), item]));
  const unplanned = unplannedResults(plan, results);
  const skipped = finished ? planEntries(plan).filter((entry) => !byKey.has(entry.key)).length : 0;

  useEffect(() => {
    if (finished) void queryClient.invalidateQueries({ queryKey: resourceKeys.all });
  }, [finished, queryClient]);

  return (
    <div className="stack">
      <p role="status" aria-live="polite" data-finished={finished || undefined}>
        {finished ? finishedText(results.map((item) => item.outcome), skipped) : `Working… ${results.length} of ${total} done`}
        {job.data?.status === 'failed' && job.data.error ? ` The job failed: ${job.data.error}` : ''}
      </p>
      {total !== plan.total && (
        <div className="alert" data-tone="warn" role="alert">
          <div className="alert-body">
            <span className="alert-title">The fleet changed between the preview and the run</span>
            <span>
              The job has {total} {total === 1 ? 'object' : 'objects'}, the preview showed {plan.total}. The list below says what actually ran.
            </span>
          </div>
        </div>
      )}
      <ul className="bulk-list" aria-label="Objects and results">
        {planEntries(plan).map((entry) => {
          const result = byKey.get(entry.key);
          return (
            <li key={entry.key} data-object={`${entry.kind}/${entry.namespace}/${entry.name}`} data-cluster={entry.cluster} data-result={result ? resultAttribute(result) : undefined}>
              <span className="bulk-name">
                <span className="cell-title">{entry.name}</span>
                <span className="muted">
                  {' '}
                  {entry.kind} · {entry.namespace} · {entry.cluster}
                </span>
                {result && <ResultNote item={result} />}
              </span>
              {result ? <StatusBadge status={outcomeBadge(result.outcome)} /> : finished ? <StatusBadge status="skipped" title="Not in the job: it no longer matched when the job started" /> : <StatusBadge status="pending" />}
            </li>
          );
        })}
        {unplanned.map((item) => (
          <li key={bulkItemKey(item)} data-object={`${item.kind}/${item.namespace}/${item.name}`} data-cluster={item.cluster} data-result={resultAttribute(item)}>
            <span className="bulk-name">
              <span className="cell-title">{item.name}</span>
              <span className="muted">
                {' '}
                {item.kind} · {item.namespace} · {item.cluster}
              </span>
              <span className="bulk-error">Not in the preview: it matched when the job started.</span>
              <ResultNote item={item} />
            </span>
            <StatusBadge status={outcomeBadge(item.outcome)} />
          </li>
        ))}
      </ul>
    </div>
  );
}

/** `ok`, `failed` or `timeout` on the row (tests and styles read it). */
const resultAttribute = (item: Pick<BulkItemResult, 'outcome'>): string => ({ succeeded: 'ok', failed: 'failed', timed_out: 'timeout' })[resultKindOf(item.outcome)];

/** The error, or what a failed or timed-out outcome means, with the way to the object. */
function ResultNote({ item }: { item: BulkItemResult }) {
  const note = resultNote(item, BULK_WAIT_SECONDS);
  if (!note) return null;
  return (
    <span className="bulk-error">
      {note}
      {!item.error && item.outcome === 'failed' && (
        <>
          {' '}
          <a href={resourcePath({ clusterId: item.cluster_id, kind: item.kind, namespace: item.namespace, name: item.name })} target="_blank" rel="noreferrer">
            Open it
          </a>
        </>
      )}
    </span>
  );
}

/** A picked row's outcome as a job result's: request errors are `error`. */
const directOutcome = (result: DirectResult): BulkItemResult['outcome'] | undefined => (result.state === 'ok' ? result.result.outcome : result.state === 'failed' ? 'error' : undefined);

const directBadge = (result: DirectResult | undefined): BadgeStatus => {
  if (!result || result.state === 'pending') return 'pending';
  if (result.state === 'failed') return 'error';
  if (result.state === 'skipped') return 'skipped';
  return result.result.outcome;
};

/** Picked rows acted on one request each, results as they land. */
function DirectView({ items, results }: { items: ResourceItem[]; results: Map<string, DirectResult> }) {
  const all = [...results.values()];
  const pending = all.filter((result) => result.state === 'pending').length;
  const skipped = all.filter((result) => result.state === 'skipped').length;
  const outcomes = all.flatMap((result) => directOutcome(result) ?? []);
  const running = pending > 0;
  return (
    <div className="stack">
      <p role="status" aria-live="polite" data-finished={!running || undefined}>
        {running ? `Working… ${items.length - pending} of ${items.length} done` : finishedText(outcomes, skipped)}
      </p>
      <ul className="bulk-list" aria-label="Objects and results">
        {items.map((item) => {
          const result = results.get(item.id);
          return (
            <li key={item.id} data-object={`${item.kind}/${item.namespace}/${item.name}`} data-cluster={item.cluster} data-result={result ? (result.state === 'ok' ? resultAttribute(result.result) : result.state) : undefined}>
              <span className="bulk-name">
                <span className="cell-title">{item.name}</span>
                <span className="muted">
                  {' '}
                  {item.kind} · {item.namespace} · {item.cluster}
                </span>
                {result && (result.state === 'failed' || result.state === 'skipped') && <span className="bulk-error">{result.message}</span>}
                {result?.state === 'ok' && resultKindOf(result.result.outcome) !== 'succeeded' && (
                  <span className="bulk-error">
                    {result.result.outcome === 'timeout' ? `Not handled within ${BULK_WAIT_SECONDS} s; it may still be.` : [result.result.resource.reason, result.result.resource.message].filter(Boolean).join(': ') || 'The controller handled it, and the object fails.'}
                  </span>
                )}
              </span>
              {result && <StatusBadge status={directBadge(result)} />}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

