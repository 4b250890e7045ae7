import { useState, type FormEvent } from 'react';
import { useUpdateSubscription, type AzureSubscription, type AzureSubscriptionPatchBody } from '../api/azure.js';
import { ApiRequestError } from '../api/request.js';
import { FormField } from '../components/form-field.js';

/** Rename, rotate the client secret and set the auto-sync interval; only changed fields are sent. */
export function ManageSubscriptionForm({ subscription, onDone }: { subscription: AzureSubscription; onDone: () => void }) {
  const update = useUpdateSubscription(subscription.subscription_id);
  const [name, setName] = useState(subscription.name);
  const [secret, setSecret] = useState('');
  const [minutes, setMinutes] = useState(String(subscription.auto_sync_interval_minutes));
  const [localError, setLocalError] = useState<string>();
  const errors = update.error instanceof ApiRequestError ? update.error.fieldErrors() : {};
  const formError = update.error instanceof ApiRequestError ? update.error.unplacedMessage(['name', 'client_secret', 'auto_sync_interval_minutes']) : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: AzureSubscriptionPatchBody = {};
    if (name.trim() && name.trim() !== subscription.name) body.name = name.trim();
    if (secret) body.client_secret = secret;
    const interval = Number(minutes);
    if (!Number.isInteger(interval) || interval < 0 || interval > 10080) return setLocalError('Auto-sync interval: whole minutes from 0 (off) to 10080.');
    if (interval !== subscription.auto_sync_interval_minutes) body.auto_sync_interval_minutes = interval;
    setLocalError(undefined);
    if (Object.keys(body).length === 0) return onDone();
    update.mutate(body, {
      onSuccess: () => {
        setSecret('');
        onDone();
      },
    });
  };

  return (
    <div className="panel">
      <div className="panel-header">
        <h4>Manage subscription</h4>
      </div>
      <form className="panel-body stack" onSubmit={submit} noValidate aria-label={`Manage ${subscription.name}`}>
        <div className="form-grid">
          <FormField label="Name" error={errors.name}>
            <input className="input" value={name} onChange={(event) => setName(event.target.value)} />
          </FormField>
          <FormField label="Auto-sync interval (minutes)" error={errors.auto_sync_interval_minutes ?? localError} hint="Discover and sync on a schedule; 0 turns it off.">
            <input className="input" type="number" min={0} max={10080} value={minutes} onChange={(event) => setMinutes(event.target.value)} />
          </FormField>
          {subscription.auth_method === 'service_principal' && (
            <FormField label="New client secret" error={errors.client_secret} hint="Rotate the service principal secret; leave empty to keep the current one." className="span-2">
              <input className="input" type="password" value={secret} onChange={(event) => setSecret(event.target.value)} autoComplete="new-password" />
            </FormField>
          )}
        </div>
        {formError && (
          <div className="alert" data-tone="err" role="alert">
            <div className="alert-body">
              <span className="alert-title">Not saved</span>
              <span>{formError}</span>
            </div>
          </div>
        )}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={update.isPending}>
            {update.isPending && <span className="spinner" aria-hidden="true" />}
            Save changes
          </button>
          <button type="button" className="button ghost" onClick={onDone}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
