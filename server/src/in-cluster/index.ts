export { InClusterRegistration, IN_CLUSTER_SETTING, type InClusterRegistrationOptions } from './in-cluster-registration.js';
export { readInClusterEnvironment, inClusterKubeconfig, SERVICE_ACCOUNT_DIR, type InClusterEnvironment, type InClusterSettings } from './in-cluster-environment.js';
export { TokenFileCredentialProvider } from './token-file-credential-provider.js';
