import { useState, type FormEvent } from 'react';
import { ApiRequestError } from '../api/request.js';
import { FormField } from '../components/form-field.js';
import { Icon } from '../components/icons.js';
import { formatLabels, parseLabels } from './cluster-list.js';

/** What the form edits; the kubeconfig is never shown back for an existing cluster. */
export interface ClusterFormValues {
  name: string;
  description: string;
  kubeconfig: string;
  context: string;
  labels: Record<string, string>;
  favorite: boolean;
}

const FIELDS = ['name', 'description', 'kubeconfig', 'context', 'labels', 'favorite'] as const;

/**
 * Add or edit a cluster. Server validation problems (`body.kubeconfig`, `body.name`, …) are shown
 * under the field they belong to; anything else above the buttons.
 */
export function ClusterForm({
  mode,
  initial,
  submitLabel,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  mode: 'create' | 'edit';
  initial?: Partial<ClusterFormValues>;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  onSubmit: (values: ClusterFormValues) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [kubeconfig, setKubeconfig] = useState('');
  const [context, setContext] = useState('');
  const [labelsText, setLabelsText] = useState(formatLabels(initial?.labels ?? {}));
  const [favorite, setFavorite] = useState(initial?.favorite ?? false);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [fileName, setFileName] = useState<string>();

  const serverErrors = error instanceof ApiRequestError ? error.fieldErrors() : {};
  const errors = { ...serverErrors, ...localErrors };
  const formError = error instanceof ApiRequestError ? error.unplacedMessage(FIELDS) : error instanceof Error ? error.message : undefined;

  const readFile = async (file: File | undefined) => {
    if (!file) return;
    setKubeconfig(await file.text());
    setFileName(file.name);
    if (!name) setName(file.name.replace(/\.(ya?ml|conf|config|kubeconfig)$/i, ''));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!name.trim()) problems.name = 'Give the cluster a name.';
    if (mode === 'create' && !kubeconfig.trim()) problems.kubeconfig = 'Paste a kubeconfig or upload the file.';
    const labels = parseLabels(labelsText);
    if (labels.error) problems.labels = `${labels.error}; write labels as key=value, separated by commas.`;
    setLocalErrors(problems);
    if (Object.keys(problems).length > 0) return;
    onSubmit({ name: name.trim(), description, kubeconfig, context: context.trim(), labels: labels.labels, favorite });
  };

  return (
    <form onSubmit={submit} noValidate aria-label={mode === 'create' ? 'Add cluster' : 'Edit cluster'}>
      <div className="form-grid">
        <FormField label="Name" error={errors.name} hint="Unique display name, e.g. prod-westeurope-1.">
          <input className="input" value={name} onChange={(event) => setName(event.target.value)} autoComplete="off" maxLength={100} />
        </FormField>
        <FormField label="Labels" error={errors.labels} hint="Optional, e.g. env=prod, team=platform.">
          <input className="input" value={labelsText} onChange={(event) => setLabelsText(event.target.value)} autoComplete="off" />
        </FormField>
        <FormField label="Description" error={errors.description} className="span-2">
          <input className="input" value={description} onChange={(event) => setDescription(event.target.value)} maxLength={1000} />
        </FormField>
        <FormField
          label={mode === 'create' ? 'Kubeconfig' : 'Replace kubeconfig'}
          error={errors.kubeconfig}
          className="span-2"
          hint={mode === 'create' ? 'Paste the YAML or upload the file. It is encrypted at rest and never shown again.' : 'Leave empty to keep the current kubeconfig.'}
        >
          <textarea className="textarea" value={kubeconfig} onChange={(event) => setKubeconfig(event.target.value)} spellCheck={false} placeholder={'apiVersion: v1\nkind: Config\nclusters: …'} />
        </FormField>
        <div className="field span-2">
          <div className="row">
            <label className="button small" htmlFor="kubeconfig-file">
              <Icon name="upload" size={14} /> Upload kubeconfig file
            </label>
            <input
              id="kubeconfig-file"
              type="file"
              className="visually-hidden"
              accept=".yaml,.yml,.conf,.config,.kubeconfig,text/yaml,text/plain,application/x-yaml"
              onChange={(event) => void readFile(event.target.files?.[0])}
            />
            {fileName && <span className="muted">Loaded {fileName}</span>}
          </div>
        </div>
        <FormField label="Context" error={errors.context} hint="Optional: the kubeconfig context to use (default: its current-context).">
          <input className="input" value={context} onChange={(event) => setContext(event.target.value)} autoComplete="off" />
        </FormField>
        <div className="field" style={{ justifyContent: 'flex-end' }}>
          <label className="checkbox">
            <input type="checkbox" checked={favorite} onChange={(event) => setFavorite(event.target.checked)} /> Pin to favorites
          </label>
        </div>
      </div>
      {formError && (
        <div className="alert" data-tone="err" role="alert" style={{ marginTop: 14 }}>
          <div className="alert-body">
            <span className="alert-title">The cluster was not saved</span>
            <span>{formError}</span>
          </div>
        </div>
      )}
      <div className="form-actions" style={{ marginTop: 16 }}>
        <button type="submit" className="button primary" disabled={busy}>
          {busy && <span className="spinner" aria-hidden="true" />}
          {submitLabel}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
