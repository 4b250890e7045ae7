import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { paths } from './generated/schema.js';
import { api, unwrap, type Schema } from './client.js';
import { authKeys } from '../auth/auth-api.js';

/** Users, service accounts and role bindings: who may sign in and what they may do (admin over the fleet only). */
export type User = Schema<'User'>;
export type UserKind = User['kind'];
export type RoleBinding = Schema<'RoleBinding'>;
export type Role = RoleBinding['role'];
export type UserCreateBody = paths['/api/v1/users']['post']['requestBody']['content']['application/json'];
export type UserUpdateBody = paths['/api/v1/users/{id}']['patch']['requestBody']['content']['application/json'];
export type RoleBindingCreateBody = paths['/api/v1/role-bindings']['post']['requestBody']['content']['application/json'];
export type RoleBindingUpdateBody = paths['/api/v1/role-bindings/{id}']['put']['requestBody']['content']['application/json'];

export const accessKeys = {
  all: ['access'] as const,
  users: () => [...accessKeys.all, 'users'] as const,
  bindings: () => [...accessKeys.all, 'role-bindings'] as const,
};

/** `enabled: false` for callers who may not list users (it needs admin over the fleet). */
export function useUsers({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ queryKey: accessKeys.users(), queryFn: ({ signal }) => unwrap(api.GET('/api/v1/users', { signal })), enabled });
}

export function useRoleBindings() {
  return useQuery({ queryKey: accessKeys.bindings(), queryFn: ({ signal }) => unwrap(api.GET('/api/v1/role-bindings', { signal })) });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UserCreateBody) => unwrap(api.POST('/api/v1/users', { body })),
    // A role given at creation is a binding too.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accessKeys.all }),
  });
}

/** Renames, disables or enables a user (disabling ends their sessions; their tokens are refused until enabled). */
export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UserUpdateBody }) => unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accessKeys.users() }),
  });
}

/** Removes the user with their sessions, tokens and bindings. */
export function useDeleteUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/users/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accessKeys.all }),
  });
}

/** A binding may be the admin's own (or one of their groups'): who is signed in is asked again. */
export function useCreateRoleBinding() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RoleBindingCreateBody) => unwrap(api.POST('/api/v1/role-bindings', { body })),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: accessKeys.all }), queryClient.invalidateQueries({ queryKey: authKeys.me })]),
  });
}

/** New role and scope for a binding (its subject stays); the admin's own may change what they hold. */
export function useUpdateRoleBinding() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: RoleBindingUpdateBody }) => unwrap(api.PUT('/api/v1/role-bindings/{id}', { params: { path: { id } }, body })),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: accessKeys.all }), queryClient.invalidateQueries({ queryKey: authKeys.me })]),
  });
}

export function useDeleteRoleBinding() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/role-bindings/{id}', { params: { path: { id } } })),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: accessKeys.all }), queryClient.invalidateQueries({ queryKey: authKeys.me })]),
  });
}
