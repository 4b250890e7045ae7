import { useState, type FormEvent } from 'react';
import { FormField } from '../components/form-field.js';
import { useAuthOptions, useSignIn } from './auth-api.js';

/** Username and password, or the configured single sign-on. */
export function LoginPage() {
  const signIn = useSignIn();
  const options = useAuthOptions();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ username, password });
  };
  const oidc = options.data?.oidc;
  // The server sends the browser back with ?sso_error=… when single sign-on was refused.
  const ssoError = new URLSearchParams(window.location.search).get('sso_error');
  return (
    <main className="login-page" id="main">
      <form className="card login-card" onSubmit={submit} aria-labelledby="login-title">
        <div className="card-header">
          <h1 id="login-title">Sign in to Flux Orchestrator</h1>
        </div>
        <div className="card-body stack">
          {ssoError && !signIn.isError && (
            <div className="alert" data-tone="err" role="alert">
              <div className="alert-body">{ssoError}</div>
            </div>
          )}
          {signIn.isError && (
            <div className="alert" data-tone="err" role="alert">
              <div className="alert-body">{signIn.error.message}</div>
            </div>
          )}
          <FormField label="Username">
            <input className="input" name="username" autoComplete="username" value={username} onChange={(event) => setUsername(event.target.value)} required />
          </FormField>
          <FormField label="Password" hint="On a first start, the password of admin is in the data directory, in the file initial-admin-password.">
            <input className="input" name="password" type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} required />
          </FormField>
          <button type="submit" className="button primary" disabled={signIn.isPending}>
            {signIn.isPending ? 'Signing in…' : 'Sign in'}
          </button>
          {oidc && (
            <a className="button" href={oidc.login_url}>
              Sign in with {oidc.name}
            </a>
          )}
        </div>
      </form>
    </main>
  );
}
