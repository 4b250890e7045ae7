export { CredentialError, type ClusterCredential, type CredentialProvider } from './credential-provider.js';
export { StaticCredentialProvider } from './static-credential-provider.js';
export { ExecCredentialProvider } from './exec-credential-provider.js';
export { RefreshingToken, type ExpiringToken } from './refreshing-token.js';
export { credentialProviderFor } from './credential-dispatcher.js';
