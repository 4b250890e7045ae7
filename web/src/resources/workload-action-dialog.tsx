import { useEffect, useId, useRef, useState } from 'react';
import { Modal } from '../components/modal.js';
import { runWorkloadAction, wantedReplicasOf, type InventoryNode, type WorkloadActionResult } from '../api/inventory.js';
import { ApiRequestError } from '../api/request.js';
import { ErrorAlert } from '../components/feedback.js';

export type WorkloadVerb = 'scale' | 'restart' | 'delete';

const TITLE: Record<WorkloadVerb, string> = { scale: 'Scale', restart: 'Restart', delete: 'Delete pod' };

type Phase =
  | { state: 'confirm' }
  | { state: 'sending'; acknowledged: boolean }
  /** 409 flux_owned: the server's message names the Kustomization or HelmRelease. */
  | { state: 'owned'; message: string }
  | { state: 'done'; result: WorkloadActionResult }
  | { state: 'failed'; error: unknown };

/**
 * The server's 409 `flux_owned` message as UI text: it ends with what an API client must send
 * ("Send acknowledge_flux_owner: true to scale anyway."), which here is the "… anyway" button.
 */
export function fluxOwnedText(message: string, anyway: string, what: 'workload' | 'pod'): string {
  const told = message.replace(/\s*Send acknowledge_flux_owner: true to [^.]*\.?\s*$/, '');
  return `${told} Flux manages this ${what}; choose ${anyway} to override.`;
}

/**
 * Confirms a workload action, sends it, and shows what happened. A change Flux would put back
 * (the server answers 409 `flux_owned`) is shown with the owner's name and done only when the
 * user says "anyway", which resends it acknowledged.
 */
export function WorkloadActionDialog({ clusterId, node, verb, onClose }: { clusterId: string; node: InventoryNode | undefined; verb: WorkloadVerb | undefined; onClose: (changed: boolean) => void }) {
  const titleId = useId();
  const open = node !== undefined && verb !== undefined;
  const [phase, setPhase] = useState<Phase>({ state: 'confirm' });
  const [replicas, setReplicas] = useState('');
  // By name, not by object: the tree refetches while the dialog is open, and that must not reset it.
  const nodeKey = node ? `${node.kind}/${node.namespace}/${node.name}/${verb}` : '';
  const latestNode = useRef(node);
  latestNode.current = node;

  useEffect(() => {
    if (!open) return;
    setPhase({ state: 'confirm' });
    const current = latestNode.current;
    setReplicas(String(current ? (wantedReplicasOf(current) ?? 1) : 1));
  }, [open, nodeKey]);

  // The same Modal either way, so it stays one element across opening and closing.
  if (!open) return <Modal open={false} titleId={titleId} onCancel={() => undefined} />;

  const target = { clusterId, kind: node.kind, namespace: node.namespace, name: node.name };
  const count = Number(replicas);
  const replicasValid = replicas.trim() !== '' && Number.isInteger(count) && count >= 0;
  const send = async (acknowledged: boolean) => {
    setPhase({ state: 'sending', acknowledged });
    try {
      const action = verb === 'scale' ? { action: 'scale' as const, replicas: count } : { action: verb };
      setPhase({ state: 'done', result: await runWorkloadAction(target, action, acknowledged) });
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 409 && error.code === 'flux_owned' && !acknowledged) setPhase({ state: 'owned', message: error.message });
      else setPhase({ state: 'failed', error });
    }
  };
  const close = () => {
    if (phase.state !== 'sending') onClose(phase.state === 'done');
  };
  const what = `${node.kind} ${node.namespace}/${node.name}`;
  const title = `${TITLE[verb]} ${verb === 'delete' ? `${node.namespace}/${node.name}` : what}?`;
  const anyway = verb === 'scale' ? 'Scale anyway' : verb === 'restart' ? 'Restart anyway' : 'Delete anyway';

  return (
    <Modal open={open} titleId={titleId} onCancel={close}>
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          if (phase.state === 'confirm' && (verb !== 'scale' || replicasValid)) void send(false);
          else if (phase.state === 'owned') void send(true);
          else if (phase.state === 'done' || phase.state === 'failed') close();
        }}
      >
        <div className="modal-body">
          <h2 id={titleId}>{title}</h2>
          {verb === 'scale' && <p>Sets spec.replicas, as kubectl scale does.</p>}
          {verb === 'restart' && <p>Starts a rollout restart, as kubectl rollout restart does: pods are replaced one by one under the workload&apos;s update strategy.</p>}
          {verb === 'delete' && <p>Deletes the pod. Its Deployment, StatefulSet or DaemonSet starts a new one; a bare pod is gone for good.</p>}
          {verb === 'scale' && (phase.state === 'confirm' || phase.state === 'sending') && (
            <div className="field">
              <label htmlFor={`${titleId}-replicas`}>Replicas</label>
              <input
                id={`${titleId}-replicas`}
                className="input"
                type="number"
                inputMode="numeric"
                min={0}
                step={1}
                required
                value={replicas}
                onChange={(event) => setReplicas(event.target.value)}
                aria-invalid={!replicasValid || undefined}
                disabled={phase.state === 'sending'}
                autoFocus
              />
              {!replicasValid && <span className="field-error">A whole number, 0 or more.</span>}
            </div>
          )}
          {phase.state === 'owned' && (
            <div className="alert" data-tone="warn" role="alert" aria-label="Flux owns it">
              <div className="alert-body">
                <span className="alert-title">Owned by Flux</span>
                <span>{fluxOwnedText(phase.message, anyway, node.kind === 'Pod' ? 'pod' : 'workload')}</span>
                <span className="muted">Flux may undo the change at its next reconcile. Change it in Git to keep it, or go ahead for a temporary fix.</span>
              </div>
            </div>
          )}
          {phase.state === 'done' && <WorkloadResult result={phase.result} />}
          {phase.state === 'failed' && <ErrorAlert title={`${TITLE[verb]} failed`} error={phase.error} />}
        </div>
        <div className="modal-actions">
          {phase.state !== 'done' && phase.state !== 'failed' && (
            <button type="button" className="button" onClick={close} disabled={phase.state === 'sending'}>
              Cancel
            </button>
          )}
          {(phase.state === 'confirm' || (phase.state === 'sending' && !phase.acknowledged)) && (
            <button type="submit" className={`button ${verb === 'scale' ? 'primary' : 'danger solid'}`} disabled={phase.state === 'sending' || (verb === 'scale' && !replicasValid)}>
              {phase.state === 'sending' && <span className="spinner" aria-hidden="true" />}
              {verb === 'scale' ? `Scale to ${replicasValid ? count : '…'}` : TITLE[verb]}
            </button>
          )}
          {(phase.state === 'owned' || (phase.state === 'sending' && phase.acknowledged)) && (
            <button type="submit" className="button danger solid" disabled={phase.state === 'sending'}>
              {phase.state === 'sending' && <span className="spinner" aria-hidden="true" />}
              {anyway}
            </button>
          )}
          {(phase.state === 'done' || phase.state === 'failed') && (
            <button type="submit" className="button primary" autoFocus>
              Close
            </button>
          )}
        </div>
      </form>
    </Modal>
  );
}

function WorkloadResult({ result }: { result: WorkloadActionResult }) {
  const done =
    result.action === 'scale'
      ? `Scaled ${result.kind} ${result.namespace}/${result.name} to ${result.replicas ?? '?'} replicas`
      : result.action === 'restart'
        ? `Rollout restart of ${result.kind} ${result.namespace}/${result.name} started`
        : `Pod ${result.namespace}/${result.name} deleted`;
  return (
    <div className="alert" data-tone={result.warning ? 'warn' : 'ok'} role="status" aria-label="Workload action result">
      <div className="alert-body">
        <span className="alert-title">{done}</span>
        {result.warning && <span>{result.warning}</span>}
        {result.restarted_at && <span className="muted small">restartedAt {result.restarted_at}</span>}
      </div>
    </div>
  );
}
