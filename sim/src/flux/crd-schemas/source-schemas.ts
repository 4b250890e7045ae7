/**
 * Schemas of source-controller's kinds (source.toolkit.fluxcd.io) and source-watcher's
 * ArtifactGenerator (source.extensions.fluxcd.io), per served version.
 */
import {
  AGE_COLUMN,
  READINESS_COLUMNS,
  READY_COLUMN,
  STATUS_COLUMN,
  artifact,
  boolean,
  column,
  crdVersion,
  customResource,
  duration,
  fluxStatus,
  list,
  localRef,
  namespaceSelectors,
  object,
  oneOf,
  string,
  stringList,
  withFields,
  withoutFields,
  type CrdVersionSchema,
  type Schema,
} from './schema-builders.js';

const interval = duration('Interval at which the source is checked for updates.');
const timeout = duration('Timeout of each fetch operation (clone, download, pull).');
const suspend = boolean('Suspend tells the controller to stop reconciling this source; its last artifact stays served.');
const ignore = string('Ignore lists paths to leave out of the artifact, in .gitignore format; `.sourceignore` files in the source add to it.');
const secretRef = (what: string): Schema => localRef(`SecretRef names a Secret in the same namespace with ${what}.`);
const certSecretRef = localRef('CertSecretRef names a Secret with TLS material (`ca.crt`, and `tls.crt` + `tls.key` for mutual TLS) used to connect.');
const proxySecretRef = localRef('ProxySecretRef names a Secret with the HTTP/S proxy to use (`address`, optional `username` and `password`).');
const serviceAccountName = string('ServiceAccountName is the service account whose workload identity or image pull secrets authenticate to the provider.');

const sourceStatus = (extra: Record<string, Schema> = {}): Schema =>
  fluxStatus('The observed state of the source.', {
    artifact: artifact(),
    url: string('URL of the latest artifact, served by the source-controller within the cluster.'),
    observedIgnore: string('The ignore rules the current artifact was made with.'),
    ...extra,
  });

const URL_COLUMN = column('URL', '.spec.url');
const URL_COLUMNS = [URL_COLUMN, ...READINESS_COLUMNS];

// --- GitRepository ---------------------------------------------------------------------------

const gitRefV1 = object('Ref says which revision of the repository to check out; the default branch when unset. Precedence: commit, name, semver, tag, branch.', {
  branch: string('Branch to check out; the latest commit on it is used.'),
  tag: string('Tag to check out.'),
  semver: string('SemVer range of tags to pick the latest matching one from.'),
  name: string('Name is a full Git reference, e.g. `refs/heads/main`, `refs/tags/v0.1.0` or `refs/pull/420/head`.'),
  commit: string('Commit SHA to check out; with a branch, the commit must be on it.'),
});

const gitVerifyV1 = object(
  'Verify makes the controller check the OpenPGP signature of the commit or tag it checks out.',
  {
    mode: oneOf('Mode says what to verify: the HEAD commit, the tag, or both.', ['head', 'HEAD', 'Tag', 'TagAndHEAD'], { default: 'HEAD' }),
    secretRef: localRef('SecretRef names a Secret with the trusted public keys.'),
  },
  ['secretRef'],
);

const gitInclude = list(
  'Include pulls the artifacts of other GitRepositories into this one\'s.',
  object(
    'One included GitRepository.',
    {
      repository: localRef('Repository is the GitRepository to include.'),
      fromPath: string('FromPath is the path in the included artifact to copy; everything when unset.'),
      toPath: string('ToPath is where to copy it in this artifact; the included repository\'s name when unset.'),
    },
    ['repository'],
  ),
);

const gitSpecV1 = object(
  'GitRepositorySpec says which Git repository to fetch, how often and with which credentials.',
  {
    url: string('URL of the Git repository (http, https or ssh).', { pattern: '^(http|https|ssh)://.*$' }),
    secretRef: secretRef('the credentials: `username` + `password` for HTTPS, `identity` + `known_hosts` for SSH, or a GitHub App'),
    provider: oneOf('Provider authenticates to the Git host with a workload identity or app instead of a secret.', ['generic', 'azure', 'github'], { default: 'generic' }),
    serviceAccountName,
    interval,
    timeout: { ...timeout, default: '60s' },
    ref: gitRefV1,
    verify: gitVerifyV1,
    proxySecretRef,
    ignore,
    suspend,
    recurseSubmodules: boolean('RecurseSubmodules also clones the repository\'s submodules.'),
    include: gitInclude,
    sparseCheckout: stringList('SparseCheckout restricts the checkout to these directories.'),
  },
  ['interval', 'url'],
);

const gitStatus = sourceStatus({
  includedArtifacts: list('The artifacts of the included repositories.', artifact('An included artifact.')),
  observedRecurseSubmodules: boolean('The recurseSubmodules setting the current artifact was made with.'),
  observedInclude: list('The include list the current artifact was made with.', { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }),
  observedSparseCheckout: stringList('The sparseCheckout directories the current artifact was made with.'),
  sourceVerificationMode: string('The verification mode the current artifact was checked with.'),
});

const gitSpecV1beta2 = withFields(withoutFields(gitSpecV1, 'provider', 'proxySecretRef', 'sparseCheckout', 'serviceAccountName'), {
  gitImplementation: oneOf('GitImplementation is deprecated and ignored: go-git is always used.', ['go-git', 'libgit2'], { default: 'go-git' }),
  accessFrom: namespaceSelectors(),
  verify: withFields(gitVerifyV1, { mode: oneOf('Mode says what to verify (only the HEAD commit).', ['head']) }),
});

const gitSpecV1beta1 = withFields(gitSpecV1beta2, {
  timeout: { ...timeout, default: '60s' },
  verify: withFields(gitVerifyV1, { mode: oneOf('Mode says what to verify (only the HEAD commit).', ['head']) }, ['mode']),
});

function gitRepository(spec: Schema): CrdVersionSchema {
  return crdVersion(customResource('GitRepository', 'GitRepository is a Git repository the source-controller fetches and serves as an artifact.', spec, gitStatus), URL_COLUMNS);
}

// --- OCIRepository ---------------------------------------------------------------------------

const ociVerify = object(
  'Verify makes the controller check the artifact\'s signature before using it.',
  {
    provider: oneOf('Provider is the signing tool.', ['cosign', 'notation'], { default: 'cosign' }),
    secretRef: localRef('SecretRef names a Secret with the trusted public keys or certificates.'),
    matchOIDCIdentity: list(
      'MatchOIDCIdentity lists the keyless signing identities accepted (cosign only); any one may match.',
      object('An OIDC identity, as regular expressions.', { issuer: string('Issuer of the identity\'s token.'), subject: string('Subject of the identity.') }, ['issuer', 'subject']),
    ),
  },
  ['provider'],
);

const ociSpecV1 = object(
  'OCIRepositorySpec says which OCI artifact to pull, how often and with which credentials.',
  {
    url: string('URL of the artifact, e.g. `oci://ghcr.io/org/manifests/app`.', { pattern: '^oci://.*$' }),
    ref: object('Ref says which artifact of the repository to pull; `latest` when unset. Precedence: digest, semver, tag.', {
      digest: string('Digest of the image to pull, as `<algorithm>:<checksum>`.'),
      semver: string('SemVer range of tags to pick the latest matching one from.'),
      semverFilter: string('SemverFilter is a regular expression tags must match before the semver range is applied.'),
      tag: string('Tag to pull.'),
    }),
    layerSelector: object('LayerSelector picks the layer to extract; the first layer when unset.', {
      mediaType: string('MediaType of the layer.'),
      operation: oneOf('Operation: extract the layer (a tarball) or copy it as it is.', ['extract', 'copy']),
    }),
    provider: oneOf('Provider authenticates to a cloud registry with the controller\'s workload identity.', ['generic', 'aws', 'azure', 'gcp'], { default: 'generic' }),
    secretRef: secretRef('docker-registry credentials'),
    verify: ociVerify,
    serviceAccountName,
    certSecretRef,
    proxySecretRef,
    interval,
    timeout: { ...timeout, default: '60s' },
    ignore,
    insecure: boolean('Insecure allows plain HTTP to the registry.'),
    suspend,
  },
  ['interval', 'url'],
);

const ociStatus = sourceStatus({ observedLayerSelector: { type: 'object', description: 'The layer selector the current artifact was made with.', 'x-kubernetes-preserve-unknown-fields': true } });

function ociRepository(spec: Schema): CrdVersionSchema {
  return crdVersion(
    customResource('OCIRepository', 'OCIRepository is an artifact in an OCI registry the source-controller pulls and serves.', spec, ociStatus),
    [URL_COLUMN, READY_COLUMN, STATUS_COLUMN, AGE_COLUMN],
  );
}

// --- HelmRepository --------------------------------------------------------------------------

const helmRepoSpecV1 = object(
  'HelmRepositorySpec says which Helm chart repository to index, how often and with which credentials.',
  {
    url: string('URL of the repository: an HTTP/S index, or `oci://` for an OCI registry.', { pattern: '^(http|https|oci)://.*$' }),
    secretRef: secretRef('the credentials (`username` + `password`, or TLS material)'),
    certSecretRef,
    passCredentials: boolean('PassCredentials also sends the credentials to hosts other than the repository\'s (where charts are downloaded from).'),
    interval: duration('Interval at which the index is refreshed (not used for OCI repositories).'),
    insecure: boolean('Insecure allows plain HTTP to an OCI registry.'),
    timeout: duration('Timeout of the index download.'),
    suspend,
    accessFrom: namespaceSelectors(),
    type: oneOf('Type of the repository: a classic index (default) or an OCI registry.', ['default', 'oci']),
    provider: oneOf('Provider authenticates to a cloud OCI registry with the controller\'s workload identity.', ['generic', 'aws', 'azure', 'gcp'], { default: 'generic' }),
  },
  ['url'],
);

const helmRepoSpecV1beta1 = withFields(withoutFields(helmRepoSpecV1, 'type', 'provider', 'certSecretRef', 'insecure'), { interval: duration('Interval at which the index is refreshed.') }, ['interval', 'url']);

function helmRepository(spec: Schema): CrdVersionSchema {
  return crdVersion(customResource('HelmRepository', 'HelmRepository is a Helm chart repository whose index the source-controller serves.', spec, sourceStatus()), URL_COLUMNS);
}

// --- HelmChart -------------------------------------------------------------------------------

const helmChartSpecV1 = object(
  'HelmChartSpec says which chart to fetch from which source.',
  {
    chart: string('Chart is the chart name in a HelmRepository, or its path in a GitRepository or Bucket.'),
    version: string('Version is a SemVer range of the chart versions to pick from (HelmRepository only).', { default: '*' }),
    sourceRef: object(
      'SourceRef is the source the chart comes from.',
      { apiVersion: string('API version of the referent.'), kind: oneOf('Kind of the referent.', ['HelmRepository', 'GitRepository', 'Bucket']), name: string('Name of the referent.') },
      ['kind', 'name'],
    ),
    interval,
    reconcileStrategy: oneOf('ReconcileStrategy says when a new chart artifact is made: on a new chart version, or on every new source revision.', ['ChartVersion', 'Revision'], { default: 'ChartVersion' }),
    valuesFiles: stringList('ValuesFiles are values files of the chart merged, in order, into its default values.'),
    ignoreMissingValuesFiles: boolean('IgnoreMissingValuesFiles skips values files that do not exist instead of failing.'),
    suspend,
    verify: withFields(ociVerify, {}, ['provider']),
  },
  ['chart', 'interval', 'sourceRef'],
);

const helmChartSpecV1beta2 = withFields(helmChartSpecV1, {
  valuesFile: string('ValuesFile is a single values file (deprecated: use valuesFiles).'),
  accessFrom: namespaceSelectors(),
});

const helmChartSpecV1beta1 = withoutFields(helmChartSpecV1beta2, 'verify', 'ignoreMissingValuesFiles');

function helmChart(spec: Schema): CrdVersionSchema {
  return crdVersion(
    customResource(
      'HelmChart',
      'HelmChart is a packaged Helm chart the source-controller makes from a HelmRepository, GitRepository or Bucket.',
      spec,
      sourceStatus({ observedSourceArtifactRevision: string('Revision of the source artifact the chart was made from.'), observedChartName: string('Name of the chart last made.'), observedValuesFiles: stringList('Values files the chart was last made with.') }),
    ),
    [column('Chart', '.spec.chart'), column('Version', '.spec.version'), column('Source Kind', '.spec.sourceRef.kind'), column('Source Name', '.spec.sourceRef.name'), ...READINESS_COLUMNS],
  );
}

// --- Bucket ----------------------------------------------------------------------------------

const bucketSpecV1 = object(
  'BucketSpec says which object storage bucket to download, how often and with which credentials.',
  {
    provider: oneOf('Provider is the storage API to speak.', ['generic', 'aws', 'gcp', 'azure'], { default: 'generic' }),
    bucketName: string('BucketName is the name of the bucket.'),
    endpoint: string('Endpoint is the address of the storage service.'),
    sts: object(
      'STS is a security token service to get temporary credentials from.',
      {
        provider: oneOf('Provider of the token service.', ['aws', 'ldap']),
        endpoint: string('Endpoint of the token service.', { pattern: '^(http|https)://.*$' }),
        secretRef: localRef('SecretRef names a Secret with the token service credentials.'),
        certSecretRef: localRef('CertSecretRef names a Secret with TLS material for the token service.'),
      },
      ['endpoint', 'provider'],
    ),
    insecure: boolean('Insecure allows plain HTTP to the endpoint.'),
    region: string('Region of the bucket.'),
    prefix: string('Prefix limits the download to objects whose keys start with it.'),
    secretRef: secretRef('the access keys'),
    certSecretRef,
    proxySecretRef,
    serviceAccountName,
    interval,
    timeout: { ...timeout, default: '60s' },
    ignore,
    suspend,
  },
  ['bucketName', 'endpoint', 'interval'],
);

const bucketSpecV1beta2 = withFields(bucketSpecV1, { accessFrom: namespaceSelectors() });
const bucketSpecV1beta1 = withFields(withoutFields(bucketSpecV1beta2, 'sts', 'prefix', 'certSecretRef', 'proxySecretRef', 'serviceAccountName'), {
  provider: oneOf('Provider is the storage API to speak.', ['generic', 'aws', 'gcp'], { default: 'generic' }),
});

function bucket(spec: Schema): CrdVersionSchema {
  return crdVersion(customResource('Bucket', 'Bucket is an object storage bucket the source-controller downloads and serves as an artifact.', spec, sourceStatus()), [
    column('Endpoint', '.spec.endpoint'),
    ...READINESS_COLUMNS,
  ]);
}

// --- ExternalArtifact and ArtifactGenerator --------------------------------------------------

const externalArtifact = crdVersion(
  customResource(
    'ExternalArtifact',
    'ExternalArtifact is an artifact made by a controller other than the source-controller (e.g. an ArtifactGenerator) and consumed like a source.',
    object('ExternalArtifactSpec names the object that produces the artifact.', {
      sourceRef: object(
        'SourceRef is the producer of the artifact.',
        { apiVersion: string('API version of the producer.'), kind: string('Kind of the producer.'), name: string('Name of the producer.'), namespace: string('Namespace of the producer.') },
        ['kind', 'name'],
      ),
    }),
    sourceStatus(),
  ),
  [READY_COLUMN, STATUS_COLUMN, column('Source', '.spec.sourceRef.name'), AGE_COLUMN],
);

const artifactGenerator = crdVersion(
  customResource(
    'ArtifactGenerator',
    'ArtifactGenerator composes ExternalArtifacts out of the contents of other sources.',
    object(
      'ArtifactGeneratorSpec lists the sources to read and the artifacts to make from them.',
      {
        sources: list(
          'Sources are the inputs, each under an alias.',
          object(
            'One input source.',
            {
              alias: string('Alias the artifacts refer to the source by (`@alias/path`).', { pattern: '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$' }),
              kind: oneOf('Kind of the source.', ['Bucket', 'GitRepository', 'OCIRepository', 'HelmChart', 'ExternalArtifact']),
              name: string('Name of the source.'),
              namespace: string('Namespace of the source; this object\'s when unset.'),
            },
            ['alias', 'kind', 'name'],
          ),
          { minItems: 1 },
        ),
        artifacts: list(
          'Artifacts are the ExternalArtifacts to make.',
          object(
            'One artifact to make.',
            {
              name: string('Name of the ExternalArtifact.'),
              revision: string('Revision says which source\'s revision the artifact carries (`@alias`).'),
              originRevision: string('OriginRevision says which source\'s origin revision the artifact carries.'),
              copy: list(
                'Copy operations that fill the artifact, in order.',
                object(
                  'Copies files from a source into the artifact.',
                  {
                    from: string('From is a glob in a source, as `@alias/path`.'),
                    to: string('To is the destination in the artifact, as `@artifact/path`.'),
                    exclude: stringList('Exclude lists globs to leave out.'),
                    strategy: oneOf('Strategy for files that already exist.', ['Overwrite', 'Merge', 'Extract'], { default: 'Overwrite' }),
                  },
                  ['from', 'to'],
                ),
                { minItems: 1 },
              ),
            },
            ['copy', 'name'],
          ),
          { minItems: 1 },
        ),
      },
      ['artifacts', 'sources'],
    ),
    fluxStatus('The observed state of the generator.', { inventory: list('The ExternalArtifacts made.', { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }) }),
  ),
);

export const SOURCE_SCHEMAS: Record<string, Record<string, CrdVersionSchema>> = {
  GitRepository: { v1: gitRepository(gitSpecV1), v1beta2: gitRepository(gitSpecV1beta2), v1beta1: gitRepository(gitSpecV1beta1) },
  OCIRepository: { v1: ociRepository(ociSpecV1), v1beta2: ociRepository(ociSpecV1) },
  HelmRepository: { v1: helmRepository(helmRepoSpecV1), v1beta2: helmRepository(withFields(helmRepoSpecV1, {})), v1beta1: helmRepository(helmRepoSpecV1beta1) },
  HelmChart: { v1: helmChart(helmChartSpecV1), v1beta2: helmChart(helmChartSpecV1beta2), v1beta1: helmChart(helmChartSpecV1beta1) },
  Bucket: { v1: bucket(bucketSpecV1), v1beta2: bucket(bucketSpecV1beta2), v1beta1: bucket(bucketSpecV1beta1) },
  ExternalArtifact: { v1: externalArtifact },
  ArtifactGenerator: { v1beta1: artifactGenerator },
};
