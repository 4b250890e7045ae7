import { useState, type FormEvent } from 'react';
import { useSearch } from 'wouter';
import { useUsers } from '../api/access.js';
import { ErrorAlert, EmptyState, Loading } from '../components/feedback.js';
import { FormField } from '../components/form-field.js';
import { RelativeTime } from '../components/relative-time.js';
import { ApiRequestError } from '../api/request.js';
import { useCreateToken, useRevokeToken, useTokens, type ApiToken, type TokenRequest } from './auth-api.js';
import { useIsFleetAdmin } from './permissions.js';

function scopeOf(token: ApiToken): string {
  return token.bindings.map((binding) => [binding.role, binding.cluster_selector && `clusters ${binding.cluster_selector}`, binding.cluster_ids && `${binding.cluster_ids.length} cluster(s)`, binding.namespaces && `namespaces ${binding.namespaces.join(', ')}`].filter(Boolean).join(' · ')).join('; ');
}

/**
 * API tokens for automation: create one (shown once), see when each was last used, revoke. An
 * admin over the fleet also creates them for service accounts (`/tokens?owner=<id>` preselects one).
 */
export default function TokensPage() {
  const fleetAdmin = useIsFleetAdmin();
  const serviceAccounts = (useUsers({ enabled: fleetAdmin }).data?.items ?? []).filter((user) => user.kind === 'service');
  const search = useSearch();
  const [owner, setOwner] = useState(() => new URLSearchParams(search).get('owner') ?? '');
  const tokens = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [name, setName] = useState('');
  const [role, setRole] = useState<TokenRequest['role']>('viewer');
  const [selector, setSelector] = useState('');
  const [days, setDays] = useState('90');
  const [created, setCreated] = useState<{ name: string; token: string } | undefined>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const expiresAt = days ? new Date(Date.now() + Number(days) * 86_400_000).toISOString() : undefined;
    create.mutate(
      { name, role, ...(fleetAdmin && owner ? { user_id: owner } : {}), ...(selector.trim() ? { cluster_selector: selector.trim() } : {}), ...(expiresAt ? { expires_at: expiresAt } : {}) },
      {
        onSuccess: (result) => {
          setCreated({ name: result.api_token.name, token: result.token });
          setName('');
        },
      },
    );
  };
  const fieldErrors = create.error instanceof ApiRequestError ? create.error.fieldErrors() : {};

  return (
    <>
      <div className="page-header">
        <div className="title-block">
          <h1>API tokens</h1>
          <p>
            For scripts and CI: send <code>Authorization: Bearer &lt;token&gt;</code>. A token holds the role you give it, never more than you hold.
          </p>
        </div>
      </div>
      {created && (
        <div className="alert" data-tone="ok" role="status">
          <div className="alert-body">
            <span className="alert-title">Token “{created.name}” created. Copy it now: it is not shown again.</span>
            <code className="token-value" data-testid="new-token">
              {created.token}
            </code>
          </div>
          <button type="button" className="button small" onClick={() => setCreated(undefined)}>
            Done
          </button>
        </div>
      )}
      <form className="card section-gap" onSubmit={submit} aria-labelledby="new-token-title">
        <div className="card-header">
          <h2 id="new-token-title">New token</h2>
        </div>
        <div className="card-body stack">
          {create.isError && create.error instanceof ApiRequestError && create.error.unplacedMessage(['name', 'user_id', 'role', 'cluster_selector', 'expires_at']) && (
            <ErrorAlert title="Could not create the token" error={create.error} />
          )}
          <div className="form-grid token-form">
            <FormField label="Name" error={fieldErrors.name}>
              <input className="input" value={name} onChange={(event) => setName(event.target.value)} required maxLength={191} />
            </FormField>
            {fleetAdmin && serviceAccounts.length > 0 && (
              <FormField label="For" hint="A service account's token acts as that account, whoever created it." error={fieldErrors.user_id}>
                <select className="input" value={owner} onChange={(event) => setOwner(event.target.value)}>
                  <option value="">yourself</option>
                  {serviceAccounts.map((account) => (
                    <option key={account.id} value={account.id}>
                      service account {account.username}
                    </option>
                  ))}
                </select>
              </FormField>
            )}
            <FormField label="Role" error={fieldErrors.role}>
              <select className="input" value={role} onChange={(event) => setRole(event.target.value as TokenRequest['role'])}>
                <option value="viewer">viewer (read)</option>
                <option value="operator">operator (read, reconcile, suspend, resume)</option>
                <option value="admin">admin (everything)</option>
              </select>
            </FormField>
            <FormField label="Clusters (label selector, optional)" hint="e.g. env=dev; empty means every cluster your own role covers." error={fieldErrors.cluster_selector}>
              <input className="input mono" value={selector} onChange={(event) => setSelector(event.target.value)} placeholder="env=dev" />
            </FormField>
            <FormField label="Expires after (days, empty for never)" className="days-field" error={fieldErrors.expires_at}>
              <input className="input" inputMode="numeric" pattern="[0-9]*" value={days} onChange={(event) => setDays(event.target.value)} />
            </FormField>
          </div>
          <div className="form-actions">
            <button type="submit" className="button primary" disabled={create.isPending}>
              Create token
            </button>
          </div>
        </div>
      </form>
      {tokens.isPending && <Loading label="Loading tokens…" />}
      {tokens.isError && <ErrorAlert title="Could not load tokens" error={tokens.error} onRetry={() => void tokens.refetch()} />}
      {tokens.data && tokens.data.items.length === 0 && (
        <div className="card">
          <EmptyState title="No API tokens yet">Create one above for a script or a CI job.</EmptyState>
        </div>
      )}
      {tokens.data && tokens.data.items.length > 0 && (
        <section className="card" aria-labelledby="tokens-title">
          <div className="card-header">
            <h2 id="tokens-title">Tokens</h2>
          </div>
          <div className="table-wrap">
            <table className="data" aria-label="API tokens">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col" className="hide-narrow">
                    Owner
                  </th>
                  <th scope="col">Role and scope</th>
                  <th scope="col" className="hide-narrow">
                    Last used
                  </th>
                  <th scope="col" className="hide-narrow">
                    Expires
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.data.items.map((token) => (
                  <tr key={token.id}>
                    <td>
                      {token.name} <span className="muted">{token.prefix}…</span>
                    </td>
                    <td className="hide-narrow">{token.owner}</td>
                    <td>{scopeOf(token)}</td>
                    <td className="hide-narrow">{token.last_used_at ? <RelativeTime iso={token.last_used_at} /> : 'never'}</td>
                    <td className="hide-narrow">{token.expires_at ? <RelativeTime iso={token.expires_at} /> : 'never'}</td>
                    <td>
                      <button type="button" className="button small danger" onClick={() => revoke.mutate(token.id)} disabled={revoke.isPending} aria-label={`Revoke ${token.name}`}>
                        Revoke
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </>
  );
}
