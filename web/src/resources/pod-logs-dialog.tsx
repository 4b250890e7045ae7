import { useId, useState } from 'react';
import type { InventoryNode } from '../api/inventory.js';
import { isStreamEnd, streamPodLogs } from '../api/logs.js';
import { ApiRequestError } from '../api/request.js';
import { ErrorAlert } from '../components/feedback.js';
import { Modal } from '../components/modal.js';
import { LogLines, LogOptions, useLogStream } from './log-view.js';

/**
 * A pod's log, opened from its row of an inventory tree: one container at a time (the first
 * by default; init containers are listed last), the last lines, then new ones while following.
 */
export function PodLogsDialog({ clusterId, pod, onClose }: { clusterId: string; pod: InventoryNode | undefined; onClose: () => void }) {
  const titleId = useId();
  return (
    <Modal open={pod !== undefined} titleId={titleId} onCancel={onClose} className="logs">
      {pod && <PodLogs key={`${pod.namespace}/${pod.name}`} clusterId={clusterId} pod={pod} titleId={titleId} onClose={onClose} />}
    </Modal>
  );
}

function PodLogs({ clusterId, pod, titleId, onClose }: { clusterId: string; pod: InventoryNode; titleId: string; onClose: () => void }) {
  const [container, setContainer] = useState<string | undefined>(pod.containers[0]);
  const [follow, setFollow] = useState(true);
  const [tail, setTail] = useState<number>(100);
  const { namespace, name } = pod;
  const { entries, received, status, error, retry } = useLogStream(JSON.stringify([clusterId, namespace, name, container, follow, tail]), (signal, onEntries, onOpen) =>
    streamPodLogs({ clusterId, namespace, name }, { tail, ...(container ? { container } : {}), ...(follow ? { follow: true } : {}) }, signal, onEntries, onOpen),
  );
  const ended = entries.find(isStreamEnd);
  const gone = error instanceof ApiRequestError && error.status === 404;
  const statusText = status === 'connecting' ? 'Connecting…' : status === 'failed' ? 'Not streaming' : status === 'open' ? (follow ? 'Following' : 'Reading…') : follow ? 'The stream ended' : `The last ${tail} lines`;

  return (
    <>
      <div className="modal-body">
        <div className="modal-header">
          <h2 id={titleId}>
            Logs of pod {namespace}/{name}
          </h2>
          <span className="muted small" role="status" aria-label="Log stream" data-state={status}>
            {status === 'open' && follow && <span className="dot live-dot" data-tone="ok" aria-hidden="true" />} {statusText}
          </span>
        </div>
        <LogOptions follow={follow} onFollow={setFollow} tail={tail} onTail={setTail} status={status} onRetry={retry}>
          {pod.containers.length > 1 ? (
            <label className="inline-field">
              <span className="muted small">Container</span>
              <select className="select" value={container} onChange={(event) => setContainer(event.target.value)}>
                {pod.containers.map((value) => (
                  <option key={value} value={value}>
                    {value}
                  </option>
                ))}
              </select>
            </label>
          ) : (
            container && <span className="muted small">Container {container}</span>
          )}
        </LogOptions>
        {status === 'failed' &&
          (gone ? (
            <div className="alert" data-tone="err" role="alert">
              <div className="alert-body">
                <span className="alert-title">The pod is gone</span>
                <span>{error instanceof Error ? error.message : String(error)}</span>
                <span className="muted">Its workload may have replaced it: refresh the inventory and open the new pod.</span>
              </div>
            </div>
          ) : (
            <ErrorAlert title="Could not read the log" error={error} onRetry={retry} />
          ))}
        {status !== 'failed' && (
          <LogLines
            entries={entries}
            received={received}
            label={`Log lines of pod ${namespace}/${name}${container ? `, container ${container}` : ''}`}
            empty={status === 'connecting' ? 'Connecting to the pod…' : `No lines${follow ? ' yet: new ones show here as the container writes them' : ''}.`}
          />
        )}
        {ended && status === 'ended' && <p className="muted small">{ended.message}.</p>}
      </div>
      <div className="modal-actions">
        <button type="button" className="button primary" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </>
  );
}
