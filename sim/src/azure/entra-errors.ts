import { randomUUID } from 'node:crypto';
import type { HttpReply } from './http-kit.js';

/**
 * Builds Entra ID token endpoint errors in the real wire shape: `error`, an `error_description`
 * that starts with `AADSTSnnnn:` and ends with trace/correlation ids and a timestamp, and the
 * numeric `error_codes`. MSAL and @azure/identity surface `error_description` to the caller.
 */
export function aadstsError(status: number, error: string, code: number, message: string, correlationId = randomUUID()): HttpReply {
  const traceId = randomUUID();
  const timestamp = new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}

export const EntraErrors = {
  unknownTenant: (tenant: string) =>
    aadstsError(
      400,
      'invalid_request',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    ),
  applicationNotFound: (clientId: string, tenant: string) =>
    aadstsError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    ),
  invalidSecret: (clientId: string) =>
    aadstsError(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    ),
  expiredSecret: (clientId: string) =>
    aadstsError(
      401,
      'invalid_client',
      7000222,
      `The provided client secret keys for app '${clientId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`,
    ),
  missingCredential: () =>
    aadstsError(401, 'invalid_client', 7000218, `The request body must contain the following parameter: 'client_assertion' or 'client_secret'.`),
  unsupportedGrant: (grantType: string) =>
    aadstsError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`),
  invalidScope: (scope: string) =>
    aadstsError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    ),
  resourceNotFound: (resource: string, tenant: string) =>
    aadstsError(
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    ),
  malformedAssertion: () => aadstsError(400, 'invalid_request', 50027, 'JWT token is invalid or malformed.'),
  noMatchingFederatedCredential: (issuer: string, subject: string, audience: string) =>
    aadstsError(
      400,
      'invalid_request',
      70021,
      `No matching federated identity record found for presented assertion. Assertion Issuer: '${issuer}'. Assertion Subject: '${subject}'. Assertion Audience: '${audience}'. https://learn.microsoft.com/entra/workload-id/workload-identity-federation`,
    ),
  assertionSignature: () => aadstsError(401, 'invalid_client', 700027, 'Client assertion failed signature validation.'),
  assertionExpired: () =>
    aadstsError(400, 'invalid_client', 700024, 'Client assertion is not within its valid time range.'),
  unknownIssuer: (issuer: string) =>
    aadstsError(400, 'invalid_request', 50166, `Request to External OIDC endpoint failed. Issuer: '${issuer}'.`),
};
