import { useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useSignOut } from './auth-api.js';
import { useCurrentUser } from './auth-gate.js';
import { ChangePasswordDialog } from './change-password-dialog.js';

/** Who is signed in, their API tokens, their password, and sign out. */
export function UserMenu() {
  const me = useCurrentUser();
  const signOut = useSignOut();
  const [changingPassword, setChangingPassword] = useState(false);
  const menu = useRef<HTMLDetailsElement>(null);
  const [location] = useLocation();
  // A page picked from the menu closes it.
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [location]);
  if (!me) return null;
  const role = me.bindings.map((binding) => binding.role).join(', ') || 'no role';
  return (
    <>
      <details
        className="user-menu"
        ref={menu}
        onKeyDown={(event) => {
          // Escape closes the menu as it would any popup, and leaves the focus on its button.
          if (event.key !== 'Escape' || !menu.current?.open) return;
          menu.current.open = false;
          menu.current.querySelector('summary')?.focus();
        }}
      >
        <summary className="button ghost" aria-label={`Account: ${me.display_name}`}>
          {/* A phone's header needs the room (the fleet summary): the initial stands for the name there. */}
          <span className="user-initial" aria-hidden="true">
            {me.display_name.slice(0, 1).toUpperCase()}
          </span>
          <span className="user-name">{me.display_name}</span>
        </summary>
        <div className="user-menu-panel card">
          <div className="card-body stack">
            <span>
              <strong>{me.display_name}</strong>
              <br />
              <span className="muted">{role}</span>
            </span>
            <Link href="/tokens" className="button small">
              API tokens
            </Link>
            {me.auth_mode === 'local' && me.kind === 'user' && (
              <>
                {/* Single sign-on users change their password at their identity provider. */}
                {me.password_login && (
                  <button
                    type="button"
                    className="button small"
                    onClick={() => {
                      if (menu.current) menu.current.open = false;
                      setChangingPassword(true);
                    }}
                  >
                    Change password
                  </button>
                )}
                <button type="button" className="button small" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
                  Sign out
                </button>
              </>
            )}
          </div>
        </div>
      </details>
      {/* Outside the menu: a closed <details> does not render what it holds. */}
      <ChangePasswordDialog open={changingPassword} onClose={() => setChangingPassword(false)} />
    </>
  );
}

/** AUTH_MODE=none: said on every page, so nobody mistakes this for a protected server. */
export function NoLoginBanner() {
  const me = useCurrentUser();
  if (me?.auth_mode !== 'none') return null;
  return (
    <div className="alert no-login-banner" data-tone="warn" role="status">
      <div className="alert-body">
        <span>
          <strong>No login (AUTH_MODE=none).</strong> Everyone who can reach this server on this machine is an admin. Use it on your own machine only.
        </span>
      </div>
    </div>
  );
}
