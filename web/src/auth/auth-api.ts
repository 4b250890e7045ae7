import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap, type Schema } from '../api/client.js';
import type { paths } from '../api/generated/schema.js';
import { ApiRequestError } from '../api/request.js';
import { setCsrfToken } from './session.js';

export type Me = Schema<'Me'>;
export type ApiToken = Schema<'ApiToken'>;
export type AuthOptions = Schema<'AuthOptions'>;

export const authKeys = { me: ['auth', 'me'] as const, options: ['auth', 'options'] as const, tokens: ['auth', 'tokens'] as const };

/** Who is signed in; `null` when nobody is (the app shows the sign-in page). */
export function useMe() {
  return useQuery({
    queryKey: authKeys.me,
    queryFn: async ({ signal }): Promise<Me | null> => {
      try {
        // Asked first so that a visitor who is not signed in meets the sign-in page, not a 401.
        const options = await unwrap(api.GET('/api/v1/auth/options', { signal }));
        if (!options.signed_in) {
          setCsrfToken(null);
          return null;
        }
        const me = await unwrap(api.GET('/api/v1/auth/me', { signal }));
        setCsrfToken(me.csrf_token);
        return me;
      } catch (error) {
        if (error instanceof ApiRequestError && error.status === 401) {
          setCsrfToken(null);
          return null;
        }
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

export function useAuthOptions() {
  return useQuery({ queryKey: authKeys.options, queryFn: ({ signal }) => unwrap(api.GET('/api/v1/auth/options', { signal })), staleTime: Infinity });
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { username: string; password: string }) => unwrap(api.POST('/api/v1/auth/login', { body })),
    onSuccess: (me) => {
      setCsrfToken(me.csrf_token);
      // Nothing cached may outlive a change of user: drop all but who is signed in.
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'auth' });
      queryClient.setQueryData(authKeys.me, me);
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/auth/logout')),
    onSettled: () => {
      setCsrfToken(null);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'auth' });
      queryClient.setQueryData(authKeys.me, null);
    },
  });
}

export function useTokens() {
  return useQuery({ queryKey: authKeys.tokens, queryFn: ({ signal }) => unwrap(api.GET('/api/v1/tokens', { signal })) });
}

export type TokenRequest = paths['/api/v1/tokens']['post']['requestBody']['content']['application/json'];

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TokenRequest) => unwrap(api.POST('/api/v1/tokens', { body })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: authKeys.tokens }),
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/tokens/{id}', { params: { path: { id } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: authKeys.tokens }),
  });
}

/** Changes the signed-in user's password; the server ends their other sessions. */
export function useChangePassword() {
  return useMutation({ mutationFn: (body: { current_password: string; new_password: string }) => unwrap(api.POST('/api/v1/auth/password', { body })) });
}
