/** Schemas of kustomize-controller's Kustomization (kustomize.toolkit.fluxcd.io), per served version. */
import {
  boolean,
  commonMetadata,
  crdVersion,
  customResource,
  dependsOn,
  duration,
  fluxStatus,
  freeForm,
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
  stringMap,
  withFields,
  withoutFields,
  type CrdVersionSchema,
  type Schema,
} from './schema-builders.js';

const decryption = object(
  'Decrypt holds how to decrypt the Kubernetes secrets in the manifests before applying them.',
  {
    provider: oneOf('Provider is the decryption tool.', ['sops']),
    secretRef: localRef('SecretRef names a Secret with the decryption keys (age, PGP, cloud KMS credentials).'),
    serviceAccountName: string('ServiceAccountName is the service account whose workload identity reaches the cloud KMS.'),
  },
  ['provider'],
);

const postBuild = object('PostBuild says what to do with the kustomize build output before applying it.', {
  substitute: stringMap('Substitute maps variable names to values replacing `${var}` in the manifests.'),
  substituteFrom: list(
    'SubstituteFrom reads more variables from ConfigMaps and Secrets, later ones winning; `substitute` wins over all.',
    object(
      'A ConfigMap or Secret to read variables from.',
      {
        kind: oneOf('Kind of the values holder.', ['Secret', 'ConfigMap']),
        name: string('Name of the values holder, in the Kustomization\'s namespace.', { maxLength: 253, minLength: 1 }),
        optional: boolean('Optional: a missing holder is not an error.'),
      },
      ['kind', 'name'],
    ),
  ),
});

const healthChecks = list(
  'HealthChecks lists more objects whose readiness the Kustomization waits for.',
  object(
    'An object to wait for.',
    { apiVersion: string('API version of the object.'), kind: string('Kind of the object.'), name: string('Name of the object.'), namespace: string('Namespace of the object.') },
    ['kind', 'name'],
  ),
);

const specV1 = object(
  'KustomizationSpec says which source path to build with kustomize and apply, how often, and how.',
  {
    interval: duration('Interval at which the source is built and applied, to correct drift.'),
    retryInterval: duration('RetryInterval is the interval after a failed reconciliation; `interval` when unset.'),
    timeout: duration('Timeout of the build, apply and health checks; `interval` when unset.'),
    path: string('Path to the directory with the kustomization.yaml, relative to the source root; the root when unset.'),
    prune: boolean('Prune deletes the objects that were applied before and are no longer in the build.'),
    sourceRef: sourceRef('SourceRef is the source holding the manifests.', ['OCIRepository', 'GitRepository', 'Bucket', 'ExternalArtifact']),
    dependsOn: dependsOn('DependsOn lists Kustomizations that must be ready before this one is applied.', { readyExpr: string('ReadyExpr is a CEL expression deciding whether the dependency is ready.') }),
    suspend: boolean('Suspend tells the controller to stop reconciling this Kustomization.'),
    targetNamespace: string('TargetNamespace sets the namespace of every namespaced object in the build.', { maxLength: 63, minLength: 1 }),
    namePrefix: string('NamePrefix is prepended to the names of the built objects.', { maxLength: 200, minLength: 1 }),
    nameSuffix: string('NameSuffix is appended to the names of the built objects.', { maxLength: 200, minLength: 1 }),
    patches: list('Patches are applied to the build output.', kustomizePatch()),
    images: list('Images rewrites container image names, tags and digests.', kustomizeImage()),
    components: stringList('Components are kustomize components added to the build, as paths relative to `path`.'),
    ignoreMissingComponents: boolean('IgnoreMissingComponents skips components that do not exist instead of failing.'),
    commonMetadata: commonMetadata(),
    postBuild,
    healthChecks,
    healthCheckExprs: list(
      'HealthCheckExprs are CEL expressions deciding the readiness of custom kinds.',
      object(
        'Readiness expressions for one kind.',
        { apiVersion: string('API version of the kind.'), kind: string('The kind.'), current: string('Expression true when the object is ready.'), inProgress: string('Expression true while it progresses.'), failed: string('Expression true when it failed.') },
        ['apiVersion', 'current', 'kind'],
      ),
    ),
    wait: boolean('Wait waits for every applied object to be ready (overrides healthChecks).'),
    force: boolean('Force recreates objects whose immutable fields changed.'),
    decryption,
    kubeConfig: kubeConfig(),
    serviceAccountName: string('ServiceAccountName is the service account to impersonate when applying.'),
    deletionPolicy: oneOf('DeletionPolicy says what happens to the applied objects when the Kustomization is deleted.', ['MirrorPrune', 'Delete', 'WaitForTermination', 'Orphan']),
  },
  ['interval', 'prune', 'sourceRef'],
);

const specV1beta2 = withFields(withoutFields(specV1, 'namePrefix', 'nameSuffix', 'ignoreMissingComponents', 'healthCheckExprs', 'deletionPolicy'), {
  sourceRef: sourceRef('SourceRef is the source holding the manifests.', ['OCIRepository', 'GitRepository', 'Bucket']),
  dependsOn: dependsOn('DependsOn lists Kustomizations that must be ready before this one is applied.'),
  patchesStrategicMerge: list('PatchesStrategicMerge are strategic merge patches (deprecated: use patches).', freeForm('A strategic merge patch.')),
  patchesJson6902: list(
    'PatchesJSON6902 are JSON6902 patches (deprecated: use patches).',
    object('A JSON6902 patch and its target.', { patch: list('The operations.', freeForm('One operation.')), target: freeForm('The object to patch.') }, ['patch', 'target']),
  ),
  validation: oneOf('Validation is deprecated and ignored: server-side apply validates.', ['none', 'client', 'server']),
  kubeConfig: object('KubeConfig points to a kubeconfig in a Secret, to act on a remote cluster.', { secretRef: localRef('SecretRef holds the kubeconfig (key `value` or `value.yaml`).') }, ['secretRef']),
});

const specV1beta1 = withFields(withoutFields(specV1beta2, 'components', 'commonMetadata', 'patches'), {
  sourceRef: sourceRef('SourceRef is the source holding the manifests.', ['GitRepository', 'Bucket']),
  path: string('Path to the directory with the kustomization.yaml, relative to the source root.'),
});

const status = fluxStatus('The observed state of the Kustomization.', {
  lastAppliedRevision: string('The revision of the source last applied successfully.'),
  lastAttemptedRevision: string('The revision of the source last tried.'),
  lastAppliedOriginRevision: string('The origin revision (from the source\'s metadata) last applied.'),
  inventory: object('Inventory lists the objects applied, to prune them later.', {
    entries: list('The applied objects.', object('One applied object.', { id: string('ID is `namespace_name_group_kind`.'), v: string('V is the object\'s API version.') }, ['id', 'v'])),
  }),
});

const kustomization = (spec: Schema): CrdVersionSchema =>
  crdVersion(customResource('Kustomization', 'Kustomization builds a kustomize overlay from a Flux source and applies it to the cluster.', spec, status));

export const KUSTOMIZE_SCHEMAS: Record<string, Record<string, CrdVersionSchema>> = {
  Kustomization: { v1: kustomization(specV1), v1beta2: kustomization(specV1beta2), v1beta1: kustomization(specV1beta1) },
};
