import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ErrorAlert, Loading } from '../components/feedback.js';
import { authKeys, useMe, type Me } from './auth-api.js';
import { LoginPage } from './login-page.js';
import { onUnauthenticated } from './session.js';

const MeContext = createContext<Me | null>(null);

/** Who is signed in, for what renders outside the gate (component tests). */
export const CurrentUserProvider = MeContext.Provider;

/** The signed-in caller (inside the gate there always is one). */
export function useCurrentUser(): Me | null {
  return useContext(MeContext);
}

/** Shows the sign-in page until someone is signed in, and again as soon as the server says the session ended. */
export function AuthGate({ children }: { children: ReactNode }) {
  const me = useMe();
  const queryClient = useQueryClient();
  // One check per lost session: none once the answer is "nobody" (the sign-in page shows), and a
  // burst of 401s (every query of a page at once) joins the check already running.
  useEffect(
    () =>
      onUnauthenticated(() => {
        if (queryClient.getQueryData(authKeys.me) === null) return;
        void queryClient.invalidateQueries({ queryKey: authKeys.me }, { cancelRefetch: false });
      }),
    [queryClient],
  );
  if (me.isPending) return <Loading label="Signing in…" />;
  if (me.isError) return <ErrorAlert title="Could not reach the server" error={me.error} onRetry={() => void me.refetch()} />;
  if (me.data === null) return <LoginPage />;
  return <MeContext.Provider value={me.data}>{children}</MeContext.Provider>;
}
