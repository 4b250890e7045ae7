import type { HttpReply } from './http-kit.js';

/** ARM's error envelope: `{ error: { code, message } }`, which every Azure SDK parses into RestError. */
export function armError(status: number, code: string, message: string, headers?: Record<string, string>): HttpReply {
  return headers ? { status, headers, body: { error: { code, message } } } : { status, body: { error: { code, message } } };
}

/** .NET-style UTC time as ARM prints it in ExpiredAuthenticationToken messages. */
function armTime(date: Date): string {
  const hours = date.getUTCHours();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCMonth() + 1}/${date.getUTCDate()}/${date.getUTCFullYear()} ${hours % 12 || 12}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} ${hours < 12 ? 'AM' : 'PM'}`;
}

const ARM_AUDIENCES_HINT = (audience: string) => `'${audience.replace(/\/$/, '')}/','${audience.replace(/\/$/, '')}'`;

export const ArmErrors = {
  missingAuthorization: () =>
    armError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.", {
      'www-authenticate': 'Bearer authorization_uri="https://login.windows.net/", error="invalid_token", error_description="The authentication failed because of missing \'Authorization\' header."',
    }),
  malformedToken: () => armError(401, 'InvalidAuthenticationToken', 'The access token is invalid.'),
  expiredToken: (expiredAt: Date) =>
    armError(
      401,
      'ExpiredAuthenticationToken',
      `The access token expiry UTC time '${armTime(expiredAt)}' is earlier than current UTC time '${armTime(new Date())}'.`,
      { 'www-authenticate': 'Bearer error="invalid_token", error_description="The access token has expired."' },
    ),
  wrongAudience: (audience: string, expected: string) =>
    armError(
      401,
      'InvalidAuthenticationTokenAudience',
      `The access token has been obtained for wrong audience or resource '${audience}'. It should exactly match with one of the allowed audiences ${ARM_AUDIENCES_HINT(expected)}.`,
    ),
  wrongTenant: (tokenIssuer: string, subscriptionTenant: string, authorityHost: string) =>
    armError(
      401,
      'InvalidAuthenticationTokenTenant',
      `The access token is from the wrong issuer '${tokenIssuer}'. It must match the tenant '${authorityHost}/${subscriptionTenant}/v2.0' associated with this subscription. Please use the authority (URL) '${authorityHost}/${subscriptionTenant}' to get the token. Note, if the subscription is transferred to another tenant there is no impact to the services, but information about new tenant could take time to propagate (up to an hour). If you just transferred your subscription and see this error message, please try back later.`,
    ),
  missingApiVersion: () =>
    armError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests."),
  authorizationFailed: (clientId: string, objectId: string, action: string, scope: string) =>
    armError(
      403,
      'AuthorizationFailed',
      `The client '${clientId}' with object id '${objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    ),
  subscriptionNotFound: (subscriptionId: string) =>
    armError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`),
  resourceGroupNotFound: (resourceGroup: string) =>
    armError(404, 'ResourceGroupNotFound', `Resource group '${resourceGroup}' could not be found.`),
  resourceNotFound: (type: string, name: string, resourceGroup: string) =>
    armError(
      404,
      'ResourceNotFound',
      `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    ),
  localAccountsDisabled: () =>
    armError(400, 'BadRequest', 'Getting static credential is not allowed because this cluster is set to disable local accounts.'),
  throttled: (subscriptionId: string | undefined, retryAfterSeconds: number) =>
    armError(
      429,
      subscriptionId ? 'SubscriptionRequestsThrottled' : 'TenantRequestsThrottled',
      subscriptionId
        ? `Number of 'read' requests for subscription '${subscriptionId}' exceeded. Please try again after '${retryAfterSeconds}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling`
        : `Number of 'read' requests for tenant exceeded. Please try again after '${retryAfterSeconds}' seconds. Refer to https://aka.ms/arm-throttling`,
      { 'retry-after': String(retryAfterSeconds), 'x-ms-ratelimit-remaining-subscription-reads': '0' },
    ),
  notFoundPath: (path: string) => armError(404, 'NotFound', `The requested path '${path}' is not served by the simulated Azure Resource Manager.`),
  invalidQuery: (detail: string) => ({
    status: 400,
    body: {
      error: {
        code: 'BadRequest',
        message: 'Please provide below info when asking for support: timestamp, correlationId.',
        details: [
          { code: 'InvalidQuery', message: 'Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying.' },
          { code: 'ParserFailure', message: detail },
        ],
      },
    },
  }),
};
