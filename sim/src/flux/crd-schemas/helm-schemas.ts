/** Schemas of helm-controller's HelmRelease (helm.toolkit.fluxcd.io), per served version. */
import {
  boolean,
  commonMetadata,
  crdVersion,
  customResource,
  dependsOn,
  duration,
  fluxStatus,
  freeForm,
  integer,
  kubeConfig,
  kustomizeImage,
  kustomizePatch,
  list,
  localRef,
  object,
  oneOf,
  sourceRef,
  string,
  stringList,
  withFields,
  withoutFields,
  type CrdVersionSchema,
  type Schema,
} from './schema-builders.js';

const CRDS_POLICY = ['Skip', 'Create', 'CreateReplace'];
const actionTimeout = duration('Timeout of the Helm action; `spec.timeout` when unset.');
const disableWait = boolean('DisableWait does not wait for the release\'s resources to be ready.');
const disableWaitForJobs = boolean('DisableWaitForJobs does not wait for the release\'s Jobs to complete.');
const disableHooks = boolean('DisableHooks skips the chart\'s hooks.');
const disableOpenAPIValidation = boolean('DisableOpenAPIValidation skips validating the rendered manifests against the cluster\'s OpenAPI schema.');
const disableSchemaValidation = boolean('DisableSchemaValidation skips validating the values against the chart\'s JSON schema.');

const remediation = (action: string, extra: Record<string, Schema> = {}): Schema =>
  object(`Remediation says what to do when the ${action} fails.`, {
    retries: integer(`Retries is how many times to retry a failed ${action}; negative: forever.`),
    ignoreTestFailures: boolean('IgnoreTestFailures does not count failed tests as a failure.'),
    remediateLastFailure: boolean('RemediateLastFailure also remediates after the last retry failed.'),
    ...extra,
  });

const install = object('Install configures `helm install`.', {
  timeout: actionTimeout,
  remediation: remediation('install'),
  disableWait,
  disableWaitForJobs,
  disableHooks,
  disableOpenAPIValidation,
  disableSchemaValidation,
  replace: boolean('Replace reuses the name of a deleted release that is still in the history.'),
  skipCRDs: boolean('SkipCRDs does not install the chart\'s CRDs (deprecated: use crds).'),
  crds: oneOf('CRDs says what to do with the chart\'s CRDs on install.', CRDS_POLICY),
  createNamespace: boolean('CreateNamespace creates the target namespace if it does not exist.'),
  strategy: object('Strategy of retries on install.', { name: oneOf('Name of the strategy.', ['RemediateOnFailure', 'RetryOnFailure']), retryInterval: duration('Interval between retries.') }, ['name']),
});

const upgrade = object('Upgrade configures `helm upgrade`.', {
  timeout: actionTimeout,
  remediation: remediation('upgrade', { strategy: oneOf('Strategy of remediation.', ['rollback', 'uninstall']) }),
  disableWait,
  disableWaitForJobs,
  disableHooks,
  disableOpenAPIValidation,
  disableSchemaValidation,
  force: boolean('Force replaces resources through delete and recreate when needed.'),
  preserveValues: boolean('PreserveValues reuses the values of the last release and merges the new ones in.'),
  cleanupOnFail: boolean('CleanupOnFail deletes the new resources of a failed upgrade.'),
  crds: oneOf('CRDs says what to do with the chart\'s CRDs on upgrade.', CRDS_POLICY),
  strategy: object('Strategy of retries on upgrade.', { name: oneOf('Name of the strategy.', ['RemediateOnFailure', 'RetryOnFailure']), retryInterval: duration('Interval between retries.') }, ['name']),
});

const test = object('Test configures `helm test` after installs and upgrades.', {
  enable: boolean('Enable runs the chart\'s tests.'),
  ignoreFailures: boolean('IgnoreFailures does not fail the release on failed tests.'),
  timeout: actionTimeout,
  filters: list('Filters pick the tests to run.', object('A test filter.', { name: string('Name of the test.'), exclude: boolean('Exclude skips the test instead of picking it.') }, ['name'])),
});

const rollback = object('Rollback configures `helm rollback` remediation.', {
  timeout: actionTimeout,
  disableWait,
  disableWaitForJobs,
  disableHooks,
  recreate: boolean('Recreate restarts pods of the rolled-back resources.'),
  force: boolean('Force replaces resources through delete and recreate when needed.'),
  cleanupOnFail: boolean('CleanupOnFail deletes the new resources of a failed rollback.'),
});

const uninstall = object('Uninstall configures `helm uninstall`.', {
  timeout: actionTimeout,
  disableHooks,
  keepHistory: boolean('KeepHistory keeps the release history after uninstalling.'),
  disableWait,
  deletionPropagation: oneOf('DeletionPropagation of the deleted resources.', ['background', 'foreground', 'orphan'], { default: 'background' }),
});

const driftDetection = object('DriftDetection compares the cluster\'s objects to the release\'s manifests and corrects or reports differences.', {
  mode: oneOf('Mode: correct drift, only warn about it, or do nothing.', ['enabled', 'warn', 'disabled']),
  ignore: list(
    'Ignore lists JSON pointers to leave out of the comparison.',
    object('Paths to ignore, in some objects.', { paths: stringList('JSON pointers (RFC 6901) of the fields to ignore.'), target: freeForm('Target selects the objects; every object of the release when unset.') }, ['paths']),
  ),
});

const valuesFrom = list(
  'ValuesFrom reads values from ConfigMaps and Secrets, merged in order before `values`.',
  object(
    'A ConfigMap or Secret with values.',
    {
      kind: oneOf('Kind of the values holder.', ['Secret', 'ConfigMap']),
      name: string('Name of the values holder, in the HelmRelease\'s namespace.', { maxLength: 253, minLength: 1 }),
      valuesKey: string('ValuesKey is the key with the values; `values.yaml` when unset.', { maxLength: 253 }),
      targetPath: string('TargetPath puts the value at this path of the values instead of merging it.', { maxLength: 250 }),
      optional: boolean('Optional: a missing holder or key is not an error.'),
    },
    ['kind', 'name'],
  ),
);

const postRenderers = list(
  'PostRenderers transform the rendered manifests before Helm applies them.',
  object('A post renderer.', {
    kustomize: object('Kustomize patches and images applied to the rendered manifests.', {
      patches: list('Patches applied to the manifests.', kustomizePatch()),
      images: list('Images rewritten in the manifests.', kustomizeImage()),
    }),
  }),
);

const chartTemplate = (sourceKinds: readonly string[]): Schema =>
  object(
    'Chart is the template of the HelmChart the controller creates for this release.',
    {
      metadata: object('Labels and annotations of the HelmChart.', { labels: { type: 'object', additionalProperties: { type: 'string' } }, annotations: { type: 'object', additionalProperties: { type: 'string' } } }),
      spec: object(
        'Spec of the HelmChart.',
        {
          chart: string('Chart is the chart name in a HelmRepository, or its path in a GitRepository or Bucket.', { maxLength: 2048, minLength: 1 }),
          version: string('Version is a SemVer range of the chart versions to pick from (HelmRepository only).', { default: '*' }),
          sourceRef: sourceRef('SourceRef is the source the chart comes from.', sourceKinds),
          interval: duration('Interval at which the chart source is checked; `spec.interval` of the release when unset.'),
          reconcileStrategy: oneOf('ReconcileStrategy says when a new chart artifact is made.', ['ChartVersion', 'Revision'], { default: 'ChartVersion' }),
          valuesFiles: stringList('ValuesFiles are values files of the chart merged, in order, into its default values.'),
          // Deprecated since v2beta1, kept in the schemas so objects written with it keep it.
          valuesFile: string('ValuesFile is a single values file (deprecated: use valuesFiles).'),
          ignoreMissingValuesFiles: boolean('IgnoreMissingValuesFiles skips values files that do not exist.'),
          verify: object('Verify checks the chart\'s signature (OCI charts only).', { provider: oneOf('Provider is the signing tool.', ['cosign', 'notation']), secretRef: localRef('SecretRef names a Secret with the trusted keys.') }, ['provider']),
        },
        ['chart', 'sourceRef'],
      ),
    },
    ['spec'],
  );

const specV2 = object(
  'HelmReleaseSpec says which chart to install as which release, with which values, how often and how.',
  {
    interval: duration('Interval at which the release is reconciled, to correct drift.'),
    chart: chartTemplate(['HelmRepository', 'GitRepository', 'Bucket']),
    chartRef: sourceRef('ChartRef is an OCIRepository or HelmChart with the chart (instead of chart).', ['OCIRepository', 'HelmChart', 'ExternalArtifact']),
    releaseName: string('ReleaseName is the Helm release name; `[targetNamespace-]name` when unset.', { maxLength: 53, minLength: 1 }),
    targetNamespace: string('TargetNamespace is the namespace the release is installed in; the HelmRelease\'s when unset.', { maxLength: 63, minLength: 1 }),
    storageNamespace: string('StorageNamespace is where Helm stores the release; the target namespace when unset.', { maxLength: 63, minLength: 1 }),
    dependsOn: dependsOn('DependsOn lists HelmReleases that must be ready before this one is reconciled.'),
    suspend: boolean('Suspend tells the controller to stop reconciling this release.'),
    serviceAccountName: string('ServiceAccountName is the service account to impersonate for Helm actions.', { maxLength: 253, minLength: 1 }),
    timeout: duration('Timeout of each Helm action; 5m when unset.'),
    maxHistory: integer('MaxHistory is how many releases Helm keeps; 5 when unset, 0 for no limit.'),
    persistentClient: boolean('PersistentClient reuses one Kubernetes client for all Helm actions of a reconciliation.'),
    kubeConfig: kubeConfig(),
    install,
    upgrade,
    test,
    rollback,
    uninstall,
    driftDetection,
    values: freeForm('Values are the Helm values, merged over those of valuesFrom.'),
    valuesFrom,
    postRenderers,
    commonMetadata: commonMetadata(),
  },
  ['interval'],
);

const specV2beta2 = withFields(withoutFields(specV2, 'commonMetadata'), {
  chartRef: sourceRef('ChartRef is an OCIRepository or HelmChart with the chart (instead of chart).', ['OCIRepository', 'HelmChart']),
});

const specV2beta1 = withFields(withoutFields(specV2beta2, 'chartRef', 'driftDetection', 'commonMetadata'), {
  chart: chartTemplate(['HelmRepository', 'GitRepository', 'Bucket']),
  valuesFrom,
}, ['chart', 'interval']);

const status = fluxStatus('The observed state of the HelmRelease.', {
  helmChart: string('HelmChart is `namespace/name` of the HelmChart made for the release.'),
  storageNamespace: string('The namespace Helm stores the release in.'),
  history: list('History of the latest releases, newest first.', { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }),
  lastAttemptedRevision: string('Chart version of the last attempted release.'),
  lastAttemptedValuesChecksum: string('Checksum of the values of the last attempted release.'),
  lastAttemptedGeneration: integer('Generation of the last attempted release.'),
  lastAttemptedReleaseAction: oneOf('The last Helm action attempted.', ['install', 'upgrade']),
  lastAppliedRevision: string('Chart version of the last successful release (v2beta1).'),
  failures: integer('Failures counted since the last success.'),
  installFailures: integer('Install failures counted since the last success.'),
  upgradeFailures: integer('Upgrade failures counted since the last success.'),
});

const helmRelease = (spec: Schema): CrdVersionSchema =>
  crdVersion(customResource('HelmRelease', 'HelmRelease installs, upgrades, tests and rolls back one Helm release.', spec, status));

export const HELM_SCHEMAS: Record<string, Record<string, CrdVersionSchema>> = {
  HelmRelease: { v2: helmRelease(specV2), v2beta2: helmRelease(specV2beta2), v2beta1: helmRelease(specV2beta1) },
};
