/**
 * Identifiers that are the same in every Azure tenant. Taken from the public AKS and kubelogin
 * documentation; the product and the simulator must agree on them byte for byte.
 */

/** The AKS Microsoft Entra server application: tokens for AKS API servers carry it as `aud`. */
export const AKS_SERVER_APP_ID = '6dae42f8-4368-4678-94ff-3960e28e3630';

/** The public client kubelogin uses for device code and interactive logins. */
export const AKS_KUBELOGIN_CLIENT_ID = '80faf920-1908-4b52-b5ef-a8e7bedfc67a';

/** Audience that Entra ID workload identity federation requires on a presented assertion. */
export const WORKLOAD_IDENTITY_AUDIENCE = 'api://AzureADTokenExchange';

/** Public-cloud ARM audience; ARM clients that ignore custom scopes always ask for this one. */
export const PUBLIC_CLOUD_ARM_AUDIENCE = 'https://management.azure.com';

/** Azure built-in roles the simulator knows, with their real role definition ids. */
export const BUILT_IN_ROLES = {
  Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  'Azure Kubernetes Service Cluster User Role': '4abbcc35-e782-43d8-92c5-2d3f1bd2253f',
  'Azure Kubernetes Service Cluster Admin Role': '0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8',
} as const;

export type BuiltInRoleName = keyof typeof BUILT_IN_ROLES;
