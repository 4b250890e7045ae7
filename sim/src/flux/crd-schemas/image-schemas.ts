/**
 * Schemas of the image automation kinds (image.toolkit.fluxcd.io): ImageRepository and
 * ImagePolicy (image-reflector-controller), ImageUpdateAutomation (image-automation-controller).
 */
import {
  READY_COLUMN,
  STATUS_COLUMN,
  AGE_COLUMN,
  boolean,
  column,
  crdVersion,
  customResource,
  duration,
  fluxStatus,
  integer,
  localRef,
  namespaceSelectors,
  object,
  oneOf,
  selector,
  string,
  stringList,
  stringMap,
  withFields,
  withoutFields,
  type CrdVersionSchema,
  type Schema,
} from './schema-builders.js';

const suspend = boolean('Suspend tells the controller to stop reconciling this object.');

// --- ImageRepository ---------------------------------------------------------------------------

const imageRepositorySpecV1 = object(
  'ImageRepositorySpec says which image repository to scan for tags, how often and with which credentials.',
  {
    image: string('Image is the repository to scan, without a tag (e.g. `ghcr.io/org/app`).'),
    interval: duration('Interval at which the tags are scanned.'),
    timeout: duration('Timeout of a scan; `interval` when unset.'),
    secretRef: localRef('SecretRef names a docker-registry Secret with the credentials.'),
    serviceAccountName: string('ServiceAccountName is the service account whose image pull secrets are used.', { maxLength: 253 }),
    certSecretRef: localRef('CertSecretRef names a Secret with TLS material to connect to the registry.'),
    proxySecretRef: localRef('ProxySecretRef names a Secret with the proxy to use.'),
    accessFrom: namespaceSelectors(),
    exclusionList: stringList('ExclusionList holds regular expressions of tags to ignore.', { maxItems: 25 }),
    provider: oneOf('Provider authenticates to a cloud registry with the controller\'s workload identity.', ['generic', 'aws', 'azure', 'gcp'], { default: 'generic' }),
    insecure: boolean('Insecure allows plain HTTP to the registry.'),
    suspend,
  },
  ['image', 'interval'],
);

const imageRepositorySpecV1beta1 = withoutFields(imageRepositorySpecV1, 'proxySecretRef', 'insecure', 'provider', 'exclusionList');

const imageRepositoryStatus = fluxStatus('The observed state of the ImageRepository.', {
  canonicalImageName: string('The image name as the registry knows it.'),
  observedExclusionList: stringList('The exclusion list of the last scan.'),
  lastScanResult: object('The result of the last scan.', {
    scanTime: string('When the scan ran.', { format: 'date-time' }),
    tagCount: integer('How many tags were found.'),
    latestTags: stringList('The latest tags, in lexical order.'),
    revision: string('A digest of the tag list.'),
  }),
});

const imageRepository = (spec: Schema): CrdVersionSchema =>
  crdVersion(customResource('ImageRepository', 'ImageRepository scans an image repository for its tags.', spec, imageRepositoryStatus), [
    column('Last scan', '.status.lastScanResult.scanTime'),
    column('Tags', '.status.lastScanResult.tagCount', 'integer'),
    READY_COLUMN,
    STATUS_COLUMN,
    AGE_COLUMN,
  ]);

// --- ImagePolicy -------------------------------------------------------------------------------

const order = oneOf('Order: the latest is the last one in ascending or descending order.', ['asc', 'desc'], { default: 'asc' });

const imagePolicySpecV1 = object(
  'ImagePolicySpec says how to pick the latest image out of an ImageRepository\'s tags.',
  {
    imageRepositoryRef: object('ImageRepositoryRef is the ImageRepository whose tags are considered.', { name: string('Name of the referent.'), namespace: string('Namespace of the referent; this object\'s when unset.') }, ['name']),
    policy: object('Policy says how tags are ordered; exactly one of its fields is set.', {
      semver: object('SemVer picks the highest version within a range.', { range: string('Range is a SemVer range, e.g. `>=1.0.0 <2.0.0`.') }, ['range']),
      alphabetical: object('Alphabetical orders tags as text.', { order }),
      numerical: object('Numerical orders tags as numbers.', { order }),
    }),
    filterTags: object('FilterTags keeps only the tags that match and extracts the part to order by.', {
      pattern: string('Pattern is a regular expression tags must match.'),
      extract: string('Extract is the part of the match to order by, e.g. `$ts`.'),
    }),
    digestReflectionPolicy: oneOf('DigestReflectionPolicy says when to look up the latest tag\'s digest.', ['Always', 'IfNotPresent', 'Never'], { default: 'Never' }),
    interval: duration('Interval at which the digest is refreshed (with `Always`).'),
    suspend,
  },
  ['imageRepositoryRef', 'policy'],
);

const imagePolicySpecV1beta2 = withoutFields(imagePolicySpecV1, 'suspend', 'interval');
const imagePolicySpecV1beta1 = withoutFields(imagePolicySpecV1beta2, 'digestReflectionPolicy');

const imagePolicyStatus = fluxStatus('The observed state of the ImagePolicy.', {
  latestImage: string('LatestImage is the image with the latest tag (v1beta2 and older).'),
  observedPreviousImage: string('The latest image before the current one.'),
  latestRef: object('LatestRef is the latest image, split into name, tag and digest.', { name: string('Image name.'), tag: string('Tag.'), digest: string('Digest.') }),
  observedPreviousRef: object('The latest image before the current one.', { name: string('Image name.'), tag: string('Tag.'), digest: string('Digest.') }),
});

const imagePolicy = (spec: Schema, latest: 'ref' | 'image'): CrdVersionSchema =>
  crdVersion(
    customResource('ImagePolicy', 'ImagePolicy picks the latest image of an ImageRepository by a policy.', spec, imagePolicyStatus),
    latest === 'ref'
      ? [column('Image', '.status.latestRef.name'), column('Tag', '.status.latestRef.tag'), READY_COLUMN, STATUS_COLUMN, AGE_COLUMN]
      : [column('LatestImage', '.status.latestImage'), READY_COLUMN, STATUS_COLUMN, AGE_COLUMN],
  );

// --- ImageUpdateAutomation ---------------------------------------------------------------------

const gitSpec = object(
  'Git says how to check out, commit and push the updates.',
  {
    checkout: object(
      'Checkout says what to check out; the GitRepository\'s ref when unset.',
      {
        ref: object('Ref of the revision to check out.', {
          branch: string('Branch to check out.'),
          tag: string('Tag to check out.'),
          semver: string('SemVer range of tags.'),
          name: string('A full Git reference.'),
          commit: string('Commit SHA.'),
        }),
      },
      ['ref'],
    ),
    commit: object(
      'Commit says how the update commit is written.',
      {
        author: object('Author of the commit.', { email: string('Email of the author.'), name: string('Name of the author.') }, ['email']),
        signingKey: object('SigningKey signs the commit with OpenPGP.', { secretRef: localRef('SecretRef names a Secret with the `git.asc` key.') }),
        messageTemplate: string('MessageTemplate is a Go template of the commit message.'),
        messageTemplateValues: stringMap('MessageTemplateValues are values available to the template.'),
      },
      ['author'],
    ),
    push: object('Push says where to push; the checked-out branch when unset.', {
      branch: string('Branch to push to (created if missing).'),
      refspec: string('Refspec to push with.'),
      options: stringMap('Options are git push options.'),
    }),
  },
  ['commit'],
);

const updateAutomationSpecV1 = object(
  'ImageUpdateAutomationSpec says which Git repository to update with the latest images, and how.',
  {
    sourceRef: object(
      'SourceRef is the GitRepository to update.',
      {
        apiVersion: string('API version of the referent.'),
        kind: oneOf('Kind of the referent.', ['GitRepository'], { default: 'GitRepository' }),
        name: string('Name of the referent.'),
        namespace: string('Namespace of the referent; this object\'s when unset.'),
      },
      ['kind', 'name'],
    ),
    git: gitSpec,
    interval: duration('Interval at which the automation runs.'),
    policySelector: selector('PolicySelector picks the ImagePolicies whose images are written; every policy in the namespace when unset.'),
    update: object('Update says where and how images are written.', {
      path: string('Path of the directory with the manifests to update, relative to the repository root.'),
      strategy: oneOf('Strategy: Setters updates the fields marked with image policy comments.', ['Setters'], { default: 'Setters' }),
    }, ['strategy']),
    suspend,
  },
  ['interval', 'sourceRef'],
);

const updateAutomationSpecV1beta1 = withFields(withoutFields(updateAutomationSpecV1, 'policySelector'), {
  git: withFields(gitSpec, {}, []),
});

const imageUpdateAutomation = (spec: Schema): CrdVersionSchema =>
  crdVersion(
    customResource(
      'ImageUpdateAutomation',
      'ImageUpdateAutomation writes the latest images picked by ImagePolicies into a Git repository.',
      spec,
      fluxStatus('The observed state of the automation.', {
        lastAutomationRunTime: string('When the automation last ran.', { format: 'date-time' }),
        lastPushCommit: string('The last commit pushed.'),
        lastPushTime: string('When the last commit was pushed.', { format: 'date-time' }),
        observedPolicies: { type: 'object', description: 'The images of the policies at the last run.', 'x-kubernetes-preserve-unknown-fields': true },
      }),
    ),
    [column('Last run', '.status.lastAutomationRunTime'), READY_COLUMN, STATUS_COLUMN, AGE_COLUMN],
  );

export const IMAGE_SCHEMAS: Record<string, Record<string, CrdVersionSchema>> = {
  ImageRepository: { v1: imageRepository(imageRepositorySpecV1), v1beta2: imageRepository(imageRepositorySpecV1), v1beta1: imageRepository(imageRepositorySpecV1beta1) },
  ImagePolicy: { v1: imagePolicy(imagePolicySpecV1, 'ref'), v1beta2: imagePolicy(imagePolicySpecV1beta2, 'image'), v1beta1: imagePolicy(imagePolicySpecV1beta1, 'image') },
  ImageUpdateAutomation: { v1: imageUpdateAutomation(updateAutomationSpecV1), v1beta2: imageUpdateAutomation(updateAutomationSpecV1), v1beta1: imageUpdateAutomation(updateAutomationSpecV1beta1) },
};
