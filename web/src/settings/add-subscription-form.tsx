import { useState, type FormEvent } from 'react';
import { useCreateSubscription, useTestNewSubscription, type AuthMethod, type AzureEnvironment, type AzureSubscription, type AzureSubscriptionCreateBody } from '../api/azure.js';
import { ApiRequestError } from '../api/request.js';
import { FormField } from '../components/form-field.js';
import { ConnectionTestResultView } from './connection-test-result.js';

const FIELDS = [
  'name',
  'subscription_id',
  'tenant_id',
  'client_id',
  'client_secret',
  'auth_method',
  'environment',
  'authority_host',
  'resource_manager_endpoint',
  'resource_manager_audience',
  'auto_sync_interval_minutes',
  'use_admin_credentials',
] as const;
type Field = (typeof FIELDS)[number];

const AUTH_METHODS: Array<[AuthMethod, string]> = [
  ['service_principal', 'Service principal (client secret)'],
  ['workload_identity', 'Workload identity (federated token)'],
  ['managed_identity', 'Managed identity'],
];
// '' leaves the choice to the server (AZURE_ENVIRONMENT), which is Azure's public cloud unless
// the installation says otherwise (a sovereign or private cloud).
const CLOUDS: Array<[AzureEnvironment | '', string]> = [
  ['', 'Server default'],
  ['AzurePublicCloud', 'Azure public cloud'],
  ['AzureChinaCloud', 'Azure China'],
  ['AzureUSGovernment', 'Azure US Government'],
  ['custom', 'Custom endpoints'],
];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Step 1 of the seed: Name, Subscription ID, Tenant ID, Client ID, Client Secret; auth method and
 * cloud under "Advanced options"; "Test Connection" (saves nothing) then "Add Subscription".
 */
export function AddSubscriptionForm({ onAdded, onCancel }: { onAdded: (subscription: AzureSubscription) => void; onCancel: () => void }) {
  const [values, setValues] = useState<Record<Field, string>>({
    name: '',
    subscription_id: '',
    tenant_id: '',
    client_id: '',
    client_secret: '',
    auth_method: 'service_principal',
    environment: '',
    authority_host: '',
    resource_manager_endpoint: '',
    resource_manager_audience: '',
    auto_sync_interval_minutes: '0',
    use_admin_credentials: '',
  });
  const [localErrors, setLocalErrors] = useState<Partial<Record<Field, string>>>({});
  const test = useTestNewSubscription();
  const create = useCreateSubscription();
  // An edit makes the last test's result (and the last refusal) about other values: it goes.
  const edited = () => {
    if (test.data || test.error) test.reset();
    if (create.error) create.reset();
  };
  const set = (field: Field) => (event: { target: { value: string } }) => {
    edited();
    setValues((current) => ({ ...current, [field]: event.target.value }));
  };

  const authMethod = values.auth_method as AuthMethod;
  const custom = values.environment === 'custom';
  const lastError = create.error ?? test.error;
  const serverErrors = lastError instanceof ApiRequestError ? lastError.fieldErrors() : {};
  const errors: Partial<Record<string, string>> = { ...serverErrors, ...localErrors };
  const formError = lastError instanceof ApiRequestError ? lastError.unplacedMessage(FIELDS) : lastError instanceof Error ? lastError.message : undefined;

  /** Checks what the browser can check, then builds the body with only the fields that apply. */
  const buildBody = (): AzureSubscriptionCreateBody | undefined => {
    const problems: Partial<Record<Field, string>> = {};
    if (!values.name.trim()) problems.name = 'Give the subscription a name, e.g. "Production Subscription".';
    for (const field of ['subscription_id', 'tenant_id'] as const) {
      if (!GUID.test(values[field].trim())) problems[field] = 'Must be a GUID like 00000000-0000-0000-0000-000000000000.';
    }
    if (authMethod !== 'managed_identity' && !GUID.test(values.client_id.trim())) problems.client_id = 'Must be the application (client) ID GUID of the service principal.';
    if (authMethod === 'managed_identity' && values.client_id.trim() && !GUID.test(values.client_id.trim())) problems.client_id = 'Must be a GUID (or empty for the system-assigned identity).';
    if (authMethod === 'service_principal' && !values.client_secret) problems.client_secret = 'Enter the service principal password (client secret).';
    if (custom && !values.authority_host.startsWith('https://')) problems.authority_host = 'Custom clouds need the https:// Entra ID authority host.';
    if (custom && !values.resource_manager_endpoint.startsWith('https://')) problems.resource_manager_endpoint = 'Custom clouds need the https:// Resource Manager endpoint.';
    const minutes = Number(values.auto_sync_interval_minutes || '0');
    if (!Number.isInteger(minutes) || minutes < 0 || minutes > 10080) problems.auto_sync_interval_minutes = 'Whole minutes from 0 (off) to 10080 (a week).';
    setLocalErrors(problems);
    if (Object.keys(problems).length > 0) return undefined;
    return {
      name: values.name.trim(),
      subscription_id: values.subscription_id.trim(),
      tenant_id: values.tenant_id.trim(),
      ...(values.client_id.trim() ? { client_id: values.client_id.trim() } : {}),
      ...(authMethod === 'service_principal' ? { client_secret: values.client_secret } : {}),
      auth_method: authMethod,
      ...(values.environment ? { environment: values.environment as AzureEnvironment } : {}),
      ...(custom ? { authority_host: values.authority_host.trim(), resource_manager_endpoint: values.resource_manager_endpoint.trim() } : {}),
      ...(custom && values.resource_manager_audience.trim() ? { resource_manager_audience: values.resource_manager_audience.trim() } : {}),
      auto_sync_interval_minutes: minutes,
      ...(values.use_admin_credentials ? { use_admin_credentials: true } : {}),
    };
  };

  const runTest = () => {
    create.reset();
    const body = buildBody();
    if (body) test.mutate(body);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = buildBody();
    if (body) create.mutate(body, { onSuccess: onAdded });
  };

  return (
    <section className="card" aria-labelledby="add-subscription-title" style={{ marginBottom: 16 }}>
      <div className="card-header">
        <h2 id="add-subscription-title">Add Azure Subscription</h2>
        <span className="muted" style={{ fontSize: 12 }}>
          The service principal needs “Reader” and “Azure Kubernetes Service Cluster User Role” on the subscription.
        </span>
      </div>
      <form className="card-body stack" onSubmit={submit} noValidate aria-label="Add Azure Subscription">
        <div className="form-grid">
          <FormField label="Name" error={errors.name} hint='Friendly name, e.g. "Production Subscription".' className="span-2">
            <input className="input" value={values.name} onChange={set('name')} autoComplete="off" />
          </FormField>
          <FormField label="Subscription ID" error={errors.subscription_id} hint="Your Azure subscription ID.">
            <input className="input mono" value={values.subscription_id} onChange={set('subscription_id')} autoComplete="off" spellCheck={false} placeholder="xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" />
          </FormField>
          <FormField label="Tenant ID" error={errors.tenant_id} hint="Microsoft Entra ID (Azure AD) tenant ID.">
            <input className="input mono" value={values.tenant_id} onChange={set('tenant_id')} autoComplete="off" spellCheck={false} placeholder="xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" />
          </FormField>
          <FormField label="Client ID" error={errors.client_id} hint={authMethod === 'managed_identity' ? 'Optional: a user-assigned identity’s client ID.' : 'Service principal application (client) ID.'}>
            <input className="input mono" value={values.client_id} onChange={set('client_id')} autoComplete="off" spellCheck={false} placeholder="xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" />
          </FormField>
          {authMethod === 'service_principal' ? (
            <FormField label="Client Secret" error={errors.client_secret} hint="Service principal password. Encrypted at rest, never shown again.">
              <input className="input" type="password" value={values.client_secret} onChange={set('client_secret')} autoComplete="new-password" />
            </FormField>
          ) : (
            <div className="field">
              <span className="label">Client Secret</span>
              <span className="hint">Not needed with {authMethod === 'managed_identity' ? 'a managed identity' : 'workload identity'}.</span>
            </div>
          )}
          <details className="advanced span-2">
            <summary>Advanced options: authentication method, cloud, auto-sync</summary>
            <div className="advanced-body form-grid">
              <FormField label="Authentication method" error={errors.auth_method}>
                <select className="select" value={values.auth_method} onChange={set('auth_method')} style={{ width: '100%' }}>
                  {AUTH_METHODS.map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </select>
              </FormField>
              <FormField label="Cloud" error={errors.environment}>
                <select className="select" value={values.environment} onChange={set('environment')} style={{ width: '100%' }}>
                  {CLOUDS.map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </select>
              </FormField>
              {custom && (
                <>
                  <FormField label="Authority host" error={errors.authority_host} hint="Entra ID endpoint, e.g. https://login.example.net">
                    <input className="input mono" value={values.authority_host} onChange={set('authority_host')} autoComplete="off" spellCheck={false} />
                  </FormField>
                  <FormField label="Resource Manager endpoint" error={errors.resource_manager_endpoint} hint="e.g. https://management.example.net">
                    <input className="input mono" value={values.resource_manager_endpoint} onChange={set('resource_manager_endpoint')} autoComplete="off" spellCheck={false} />
                  </FormField>
                  <FormField label="Resource Manager audience" error={errors.resource_manager_audience} hint="Optional; defaults to the endpoint.">
                    <input className="input mono" value={values.resource_manager_audience} onChange={set('resource_manager_audience')} autoComplete="off" spellCheck={false} />
                  </FormField>
                </>
              )}
              <FormField label="Auto-sync every (minutes)" error={errors.auto_sync_interval_minutes} hint="Discover and sync on a schedule; 0 turns it off.">
                <input className="input" type="number" min={0} max={10080} value={values.auto_sync_interval_minutes} onChange={set('auto_sync_interval_minutes')} />
              </FormField>
              <div className="field" style={{ justifyContent: 'flex-end' }}>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={values.use_admin_credentials === 'yes'}
                    onChange={(event) => {
                      edited();
                      setValues((current) => ({ ...current, use_admin_credentials: event.target.checked ? 'yes' : '' }));
                    }}
                  />
                  Use cluster admin credentials (not recommended)
                </label>
              </div>
            </div>
          </details>
        </div>

        {test.data && !create.error && <ConnectionTestResultView result={test.data} />}
        {formError && (
          <div className="alert" data-tone="err" role="alert">
            <div className="alert-body">
              <span className="alert-title">{create.error ? 'The subscription was not added' : 'The test could not run'}</span>
              <span className="fix">{formError}</span>
            </div>
          </div>
        )}

        <div className="form-actions">
          <button type="button" className="button" onClick={runTest} disabled={test.isPending || create.isPending}>
            {test.isPending && <span className="spinner" aria-hidden="true" />}
            Test Connection
          </button>
          <button type="submit" className="button primary" disabled={create.isPending || test.isPending}>
            {create.isPending && <span className="spinner" aria-hidden="true" />}
            Add Subscription
          </button>
          <button type="button" className="button ghost" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
