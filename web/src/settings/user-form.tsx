import { useState, type FormEvent } from 'react';
import { useCreateUser, type User } from '../api/access.js';
import { ApiRequestError } from '../api/request.js';
import { FormField } from '../components/form-field.js';

const FIELDS = ['kind', 'username', 'display_name', 'password'] as const;
const MIN_PASSWORD = 12;

/**
 * A new local user (signs in with the password given here) or service account (API tokens only).
 * Missing fields are said before sending; the server's problems (a taken name, a malformed one)
 * at their fields, anything else above the buttons.
 */
export function UserForm({ onCreated, onCancel }: { onCreated: (user: User) => void; onCancel: () => void }) {
  const create = useCreateUser();
  const [kind, setKind] = useState<'local' | 'service'>('local');
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});

  const serverErrors = create.error instanceof ApiRequestError ? create.error.fieldErrors() : {};
  // A taken name is a conflict without field details: it belongs at the username all the same.
  if (create.error instanceof ApiRequestError && create.error.status === 409) serverErrors.username = create.error.message;
  const errors = { ...serverErrors, ...localErrors };
  const formError = create.error instanceof ApiRequestError ? (create.error.status === 409 ? undefined : create.error.unplacedMessage(FIELDS)) : create.error?.message;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!username.trim()) problems.username = 'Give the user a name to sign in with.';
    if (kind === 'local' && password.length < MIN_PASSWORD) problems.password = `At least ${MIN_PASSWORD} characters.`;
    setLocalErrors(problems);
    if (Object.keys(problems).length > 0) return;
    create.mutate(
      { kind, username: username.trim(), ...(displayName.trim() ? { display_name: displayName.trim() } : {}), ...(kind === 'local' ? { password } : {}) },
      { onSuccess: (user) => onCreated(user) },
    );
  };

  return (
    <form className="access-form" onSubmit={submit} noValidate aria-labelledby="new-user-title">
      <h3 id="new-user-title">New user</h3>
      <fieldset className="choice-group">
        <legend>Kind</legend>
        <label className="checkbox">
          <input type="radio" name="user-kind" value="local" checked={kind === 'local'} onChange={() => setKind('local')} />
          <span>
            Local user <span className="muted">signs in with a password</span>
          </span>
        </label>
        <label className="checkbox">
          <input type="radio" name="user-kind" value="service" checked={kind === 'service'} onChange={() => setKind('service')} />
          <span>
            Service account <span className="muted">for automation: API tokens only, no sign-in</span>
          </span>
        </label>
      </fieldset>
      <div className="form-grid">
        <FormField label="Username" error={errors.username} hint="Letters, digits, - _ . @; what they sign in with.">
          <input className="input" value={username} onChange={(event) => setUsername(event.target.value)} autoComplete="off" autoCapitalize="none" spellCheck={false} maxLength={191} autoFocus />
        </FormField>
        <FormField label="Display name (optional)" error={errors.display_name}>
          <input className="input" value={displayName} onChange={(event) => setDisplayName(event.target.value)} autoComplete="off" maxLength={191} />
        </FormField>
        {kind === 'local' && (
          <FormField label="Initial password" error={errors.password} hint={`At least ${MIN_PASSWORD} characters. Hand it over safely; they change it from their account menu.`} className="span-2">
            <input className="input" type="password" value={password} onChange={(event) => setPassword(event.target.value)} autoComplete="new-password" maxLength={1024} />
          </FormField>
        )}
      </div>
      {formError && (
        <div className="alert" data-tone="err" role="alert">
          <div className="alert-body">
            <span className="alert-title">The user was not created</span>
            <span>{formError}</span>
          </div>
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={create.isPending}>
          {create.isPending && <span className="spinner" aria-hidden="true" />}
          {kind === 'local' ? 'Create user' : 'Create service account'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
