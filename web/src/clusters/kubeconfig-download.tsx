import { useState } from 'react';
import { downloadKubeconfig, type Cluster } from '../api/clusters.js';
import { useCan } from '../auth/permissions.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { ErrorAlert } from '../components/feedback.js';

/**
 * "Download kubeconfig" for a cluster synced from Azure: a kubelogin-format kubeconfig, with the
 * client secret only when asked for. Offered only to callers who hold the download permission (an
 * admin's); the server still decides per cluster (403 is shown as it says) and audits every download.
 */
export function KubeconfigDownload({ cluster }: { cluster: Cluster }) {
  const [open, setOpen] = useState(false);
  const [includeSecret, setIncludeSecret] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const allowed = useCan('clusters:kubeconfig');
  if (cluster.source.type !== 'aks' || !allowed) return null;
  return (
    <>
      <button
        type="button"
        className="button"
        onClick={() => {
          setError(undefined);
          setOpen(true);
        }}
      >
        Download kubeconfig
      </button>
      <ConfirmDialog
        open={open}
        title={`Kubeconfig for ${cluster.name}`}
        confirmLabel="Download"
        danger={false}
        busy={busy}
        onCancel={() => setOpen(false)}
        onConfirm={() => {
          setBusy(true);
          setError(undefined);
          downloadKubeconfig(cluster, includeSecret)
            .then(() => setOpen(false))
            .catch((failure: unknown) => setError(failure))
            .finally(() => setBusy(false));
        }}
      >
        <p>A kubeconfig for kubectl with kubelogin, signing in as the subscription&apos;s service principal. The download is recorded in Activity.</p>
        <label className="row" style={{ gap: 8 }}>
          <input type="checkbox" checked={includeSecret} onChange={(event) => setIncludeSecret(event.target.checked)} />
          Include the client secret (otherwise kubelogin asks for it)
        </label>
        {error !== undefined && <ErrorAlert title="Not downloaded" error={error} />}
      </ConfirmDialog>
    </>
  );
}
