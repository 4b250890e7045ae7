/** The simulated Kubernetes API server: one HTTPS server per cluster over an ObjectStore. */
export { startKubeApiServer, type KubeApiServer, type KubeApiServerOptions } from './kube-api-server.js';
export { ResourceTypeRegistry, pluralize, apiVersionOf, type ServedResourceType, type ResourceTypeInput, type ResourceTypeRegistryOptions } from './resource-types.js';
export { FaultController, seededRandom, type KubeFaults } from './fault-controller.js';
export { RequestCounters } from './request-counters.js';
export { RuleAuthorizer, type AuthorizationPolicy, type AuthorizationRule, type AuthorizationRequest } from './rule-authorizer.js';
export { RequestAuthenticator } from './request-authenticator.js';
export { KubeApiError, failureStatus, type KubeStatus, type StatusReason } from './kube-status.js';
export { buildKubeconfig, type KubeconfigOptions, type KubeconfigCredential } from './kubeconfig.js';
export { customResourceDefinitions, CRD_GROUP_RESOURCE } from './custom-resource-definitions.js';
