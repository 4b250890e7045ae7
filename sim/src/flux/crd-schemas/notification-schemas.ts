/** Schemas of notification-controller's Receiver, Alert and Provider (notification.toolkit.fluxcd.io). */
import {
  AGE_COLUMN,
  boolean,
  crdVersion,
  customResource,
  duration,
  fluxStatus,
  list,
  localRef,
  object,
  oneOf,
  string,
  stringList,
  stringMap,
  withFields,
  withoutFields,
  type CrdVersionSchema,
  type Schema,
} from './schema-builders.js';

const SOURCE_AND_APPLIER_KINDS = ['Bucket', 'GitRepository', 'Kustomization', 'HelmRelease', 'HelmChart', 'HelmRepository', 'ImageRepository', 'ImagePolicy', 'ImageUpdateAutomation', 'OCIRepository'];
const suspend = boolean('Suspend tells the controller to ignore this object.');

/** A reference to Flux objects by kind, name (`*` for all) and labels. */
const crossNamespaceRef = (description: string, kinds: readonly string[]): Schema =>
  object(
    description,
    {
      apiVersion: string('API version of the referent.'),
      kind: oneOf('Kind of the referent.', kinds),
      name: string('Name of the referent; `*` matches every object of the kind (with matchLabels).', { maxLength: 253, minLength: 1 }),
      namespace: string('Namespace of the referent; this object\'s when unset.', { maxLength: 253, minLength: 1 }),
      matchLabels: stringMap('MatchLabels selects the referents by label when name is `*`.'),
    },
    ['kind', 'name'],
  );

// --- Receiver ----------------------------------------------------------------------------------

const RECEIVER_TYPES_V1 = ['generic', 'generic-hmac', 'github', 'gitlab', 'bitbucket', 'harbor', 'dockerhub', 'quay', 'gcr', 'nexus', 'acr', 'cdevents'];

const receiverSpecV1 = object(
  'ReceiverSpec says which webhook calls to accept and which objects they reconcile.',
  {
    type: oneOf('Type of the webhook sender; says how calls are authenticated and parsed.', RECEIVER_TYPES_V1),
    interval: duration('Interval at which the receiver is reconciled.'),
    events: stringList('Events lists the event types that trigger a reconcile; every event when empty.'),
    resources: list('Resources are the objects a valid call reconciles.', crossNamespaceRef('An object to reconcile.', SOURCE_AND_APPLIER_KINDS)),
    resourceFilter: string('ResourceFilter is a CEL expression deciding, per call, which resources to reconcile.'),
    secretRef: localRef('SecretRef names a Secret whose `token` authenticates the calls and makes the webhook path.'),
    suspend,
  },
  ['resources', 'secretRef', 'type'],
);

const receiverSpecV1beta2 = withFields(withoutFields(receiverSpecV1, 'resourceFilter'), { type: oneOf('Type of the webhook sender.', RECEIVER_TYPES_V1.filter((type) => type !== 'cdevents')) });
const receiverSpecV1beta1 = withFields(receiverSpecV1beta2, {}, ['resources', 'type']);

const receiver = (spec: Schema): CrdVersionSchema =>
  crdVersion(
    customResource('Receiver', 'Receiver accepts webhook calls (e.g. Git pushes) and reconciles Flux objects when one arrives.', spec, fluxStatus('The observed state of the Receiver.', { webhookPath: string('WebhookPath is the path the receiver listens on.') })),
  );

// --- Alert -------------------------------------------------------------------------------------

const ALERT_SOURCE_KINDS = [...SOURCE_AND_APPLIER_KINDS, 'FluxInstance', 'ResourceSet', 'ResourceSetInputProvider', 'ArtifactGenerator', 'ExternalArtifact'];

const alertSpecV1beta3 = object(
  'AlertSpec says which events to forward to which provider.',
  {
    providerRef: localRef('ProviderRef is the Provider the events are sent to.'),
    eventSeverity: oneOf('EventSeverity is the lowest severity forwarded: `info` forwards everything.', ['info', 'error'], { default: 'info' }),
    eventSources: list('EventSources are the objects whose events are forwarded.', crossNamespaceRef('An event source.', ALERT_SOURCE_KINDS)),
    eventMetadata: stringMap('EventMetadata is added to every forwarded event.'),
    inclusionList: stringList('InclusionList: only events whose message matches one of these regular expressions are forwarded.'),
    exclusionList: stringList('ExclusionList: events whose message matches one of these regular expressions are dropped.'),
    summary: string('Summary is a short text added to the events (deprecated: use eventMetadata).', { maxLength: 255 }),
    suspend,
  },
  ['eventSources', 'providerRef'],
);

const alertSpecV1beta2 = withFields(alertSpecV1beta3, {
  eventSources: list('EventSources are the objects whose events are forwarded.', crossNamespaceRef('An event source.', SOURCE_AND_APPLIER_KINDS)),
});
const alertSpecV1beta1 = withoutFields(alertSpecV1beta2, 'eventMetadata', 'inclusionList');

const alert = (spec: Schema, withStatus: boolean): CrdVersionSchema =>
  crdVersion(
    customResource('Alert', 'Alert forwards the events of some Flux objects to a notification Provider.', spec, fluxStatus('The observed state of the Alert.')),
    withStatus ? undefined : [AGE_COLUMN],
  );

// --- Provider ----------------------------------------------------------------------------------

const PROVIDER_TYPES_V1BETA3 = [
  'slack', 'discord', 'msteams', 'rocket', 'generic', 'generic-hmac', 'github', 'gitlab', 'gitea', 'bitbucketserver', 'bitbucket', 'azuredevops', 'googlechat',
  'googlepubsub', 'webex', 'sentry', 'azureeventhub', 'telegram', 'lark', 'matrix', 'opsgenie', 'alertmanager', 'grafana', 'githubdispatch', 'pagerduty', 'datadog', 'nats', 'zulip', 'otel',
];

const providerSpecV1beta3 = object(
  'ProviderSpec says where and how events are sent.',
  {
    type: oneOf('Type of the notification service or Git host.', PROVIDER_TYPES_V1BETA3),
    interval: duration('Interval at which the provider is reconciled (deprecated).'),
    channel: string('Channel (or room, topic) to post to.', { maxLength: 2048 }),
    username: string('Username the messages are posted as.', { maxLength: 2048 }),
    address: string('Address is the webhook URL or API endpoint of the service.', { maxLength: 2048, pattern: '^(http|https)://.*$' }),
    timeout: duration('Timeout of each call to the service.'),
    proxy: string('Proxy is the HTTP/S proxy to use (deprecated: use proxySecretRef).', { maxLength: 2048, pattern: '^(http|https)://.*$' }),
    proxySecretRef: localRef('ProxySecretRef names a Secret with the proxy address and credentials.'),
    secretRef: localRef('SecretRef names a Secret with the address, token or credentials.'),
    certSecretRef: localRef('CertSecretRef names a Secret with the CA (`ca.crt`) to trust.'),
    serviceAccountName: string('ServiceAccountName is the service account whose workload identity authenticates to the service.'),
    commitStatusExpr: string('CommitStatusExpr is a CEL expression making the commit status ID (Git providers).'),
    suspend,
  },
  ['type'],
);

const providerSpecV1beta2 = withFields(withoutFields(providerSpecV1beta3, 'proxySecretRef', 'serviceAccountName', 'commitStatusExpr'), {
  type: oneOf('Type of the notification service or Git host.', PROVIDER_TYPES_V1BETA3.filter((type) => !['nats', 'zulip', 'otel', 'datadog', 'bitbucketserver'].includes(type))),
});
const providerSpecV1beta1 = withoutFields(providerSpecV1beta2, 'interval');

const provider = (spec: Schema, withStatus: boolean): CrdVersionSchema =>
  crdVersion(
    customResource('Provider', 'Provider is a notification service or Git host the Alerts send events to.', spec, fluxStatus('The observed state of the Provider.')),
    withStatus ? undefined : [AGE_COLUMN],
  );

export const NOTIFICATION_SCHEMAS: Record<string, Record<string, CrdVersionSchema>> = {
  // v1beta3 of Receiver is the simulator's own (see flux-kinds.ts): shaped as v1.
  Receiver: { v1: receiver(receiverSpecV1), v1beta3: receiver(receiverSpecV1), v1beta2: receiver(receiverSpecV1beta2), v1beta1: receiver(receiverSpecV1beta1) },
  // Since v1beta3 Alert and Provider are static configuration: no controller reports on them.
  Alert: { v1beta3: alert(alertSpecV1beta3, false), v1beta2: alert(alertSpecV1beta2, true), v1beta1: alert(alertSpecV1beta1, true) },
  Provider: { v1beta3: provider(providerSpecV1beta3, false), v1beta2: provider(providerSpecV1beta2, true), v1beta1: provider(providerSpecV1beta1, true) },
};
