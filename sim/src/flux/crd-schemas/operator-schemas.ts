/** Schemas of the Flux Operator's kinds (fluxcd.controlplane.io). */
import {
  READINESS_COLUMNS,
  boolean,
  column,
  commonMetadata,
  crdVersion,
  customResource,
  duration,
  embeddedResource,
  fluxStatus,
  freeForm,
  integer,
  kustomizePatch,
  list,
  localRef,
  object,
  oneOf,
  selector,
  string,
  stringList,
  type CrdVersionSchema,
} from './schema-builders.js';

const COMPONENTS = ['source-controller', 'kustomize-controller', 'helm-controller', 'notification-controller', 'image-reflector-controller', 'image-automation-controller', 'source-watcher'];

const fluxInstance = crdVersion(
  customResource(
    'FluxInstance',
    'FluxInstance installs and upgrades a Flux distribution in the cluster, and optionally its sync source.',
    object(
      'FluxInstanceSpec says which Flux distribution to run, with which components, and what to sync.',
      {
        distribution: object(
          'Distribution is the Flux release and where its images come from.',
          {
            version: string('Version is a SemVer range of Flux versions, e.g. `2.x`.'),
            registry: string('Registry the controller images are pulled from.'),
            artifact: string('Artifact is the OCI artifact with the distribution\'s manifests.', { pattern: '^oci://.*$' }),
            artifactPullSecret: string('ArtifactPullSecret names a Secret to pull the artifact with.'),
            imagePullSecret: string('ImagePullSecret names a Secret to pull the images with.'),
            variant: oneOf('Variant of the distribution.', ['upstream-alpine', 'enterprise-alpine', 'enterprise-distroless', 'enterprise-distroless-fips']),
          },
          ['registry', 'version'],
        ),
        components: list('Components are the controllers to install.', oneOf('A Flux controller.', COMPONENTS)),
        cluster: object('Cluster describes the cluster the distribution is tuned for.', {
          type: oneOf('Type of the cluster.', ['kubernetes', 'openshift', 'aws', 'azure', 'gcp'], { default: 'kubernetes' }),
          size: oneOf('Size sets the controllers\' concurrency and resources.', ['small', 'medium', 'large']),
          multitenant: boolean('Multitenant locks the controllers down for tenants.'),
          multitenantWorkloadIdentity: boolean('MultitenantWorkloadIdentity lets tenants use their own workload identities.'),
          tenantDefaultServiceAccount: string('TenantDefaultServiceAccount is impersonated for tenants\' objects.'),
          networkPolicy: boolean('NetworkPolicy installs network policies for the controllers.'),
          domain: string('Domain of the cluster\'s DNS.', { default: 'cluster.local' }),
        }),
        sync: object(
          'Sync makes the instance create the source and Kustomization that sync the cluster.',
          {
            kind: oneOf('Kind of the sync source.', ['OCIRepository', 'GitRepository', 'Bucket']),
            url: string('URL of the sync source.'),
            ref: string('Ref is the branch, tag or OCI tag to sync.'),
            path: string('Path in the source to apply.'),
            pullSecret: string('PullSecret names the Secret with the source\'s credentials.'),
            provider: string('Provider of the source\'s workload identity.'),
            interval: duration('Interval of the sync.'),
            name: string('Name of the source and Kustomization; the namespace\'s when unset.'),
          },
          ['kind', 'path', 'ref', 'url'],
        ),
        kustomize: object('Kustomize patches the distribution\'s manifests.', { patches: list('Patches applied to the manifests.', kustomizePatch()) }),
        sharding: object('Sharding runs more controller replicas, each for a shard of the objects.', { key: string('Key is the label that assigns objects to shards.'), shards: stringList('Shards are the shard names.'), storage: oneOf('Storage of the shards.', ['ephemeral', 'persistent']) }, ['shards']),
        storage: object('Storage gives the source-controller a persistent volume.', { class: string('StorageClass of the volume.'), size: string('Size of the volume.') }, ['class', 'size']),
        wait: boolean('Wait waits for the components to be ready.'),
        migrateResources: boolean('MigrateResources migrates stored objects to the latest API versions.'),
        commonMetadata: commonMetadata(),
      },
      ['distribution'],
    ),
    fluxStatus('The observed state of the instance.', {
      lastAppliedRevision: string('The distribution revision last applied.'),
      lastAttemptedRevision: string('The distribution revision last tried.'),
      components: { type: 'array', description: 'The installed components and their images.', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      inventory: { type: 'object', description: 'The objects applied.', 'x-kubernetes-preserve-unknown-fields': true },
    }),
  ),
  [...READINESS_COLUMNS, column('Revision', '.status.lastAttemptedRevision')],
);

const fluxReport = crdVersion(
  customResource(
    'FluxReport',
    'FluxReport is the Flux Operator\'s report on the Flux installation: distribution, components, reconcilers and sync.',
    object(
      'FluxReportSpec is the report (written by the operator).',
      {
        distribution: object('Distribution reports the installed Flux.', { entitlement: string('Entitlement of the distribution.'), managedBy: string('What manages the installation.'), status: string('Status of the installation.'), version: string('Installed version.') }, ['entitlement', 'status']),
        cluster: object('Cluster reports the cluster\'s platform.', { platform: string('OS/architecture.'), serverVersion: string('Kubernetes version.'), nodes: integer('Number of nodes.') }),
        operator: freeForm('Operator reports the operator itself.'),
        components: list('Components report the controllers.', object('One controller.', { name: string('Name of the controller.'), image: string('Image it runs.'), ready: boolean('Whether it is ready.'), status: string('Its status.') }, ['image', 'name', 'ready', 'status'])),
        reconcilers: list(
          'Reconcilers report object counts per Flux kind.',
          object('One kind.', { apiVersion: string('API version of the kind.'), kind: string('The kind.'), stats: object('Counts.', { running: integer('Running objects.'), failing: integer('Failing objects.'), suspended: integer('Suspended objects.'), totalSize: string('Total size of the artifacts.') }) }, ['apiVersion', 'kind']),
        ),
        sync: object('Sync reports the cluster sync.', { id: string('ID of the sync Kustomization.'), path: string('Path synced.'), ready: boolean('Whether it is ready.'), source: string('Source URL.'), status: string('Its status.') }, ['id', 'ready', 'status']),
      },
      ['distribution'],
    ),
    fluxStatus('The observed state of the report.'),
  ),
  [column('Entitlement', '.spec.distribution.entitlement'), ...READINESS_COLUMNS],
);

const resourceSet = crdVersion(
  customResource(
    'ResourceSet',
    'ResourceSet renders a set of Kubernetes objects from templates, once per input, and applies them.',
    object('ResourceSetSpec lists the inputs and the templated objects.', {
      inputs: list('Inputs are the values each rendering gets (`<< inputs.key >>`).', freeForm('One input.')),
      inputsFrom: list(
        'InputsFrom reads inputs from ResourceSetInputProviders.',
        object('A provider of inputs.', { apiVersion: string('API version of the provider.'), kind: oneOf('Kind of the provider.', ['ResourceSetInputProvider']), name: string('Name of the provider.'), selector: selector('Selector picks providers by label.') }, ['kind']),
      ),
      resources: list('Resources are the templated objects.', embeddedResource('A templated Kubernetes object.')),
      resourcesTemplate: string('ResourcesTemplate is a multi-document YAML template of the objects.'),
      dependsOn: list(
        'DependsOn lists objects that must exist (or be ready) before the set is applied.',
        object('A dependency.', { apiVersion: string('API version of the dependency.'), kind: string('Kind of the dependency.'), name: string('Name of the dependency.'), namespace: string('Namespace of the dependency.'), ready: boolean('Ready also waits for its readiness.'), readyExpr: string('ReadyExpr is a CEL readiness expression.') }, ['apiVersion', 'kind', 'name']),
      ),
      serviceAccountName: string('ServiceAccountName is impersonated when applying.'),
      wait: boolean('Wait waits for the applied objects to be ready.'),
      commonMetadata: commonMetadata(),
    }),
    fluxStatus('The observed state of the set.', { inventory: { type: 'object', description: 'The objects applied.', 'x-kubernetes-preserve-unknown-fields': true }, lastAppliedRevision: string('Digest of the last applied objects.') }),
  ),
);

const resourceSetInputProvider = crdVersion(
  customResource(
    'ResourceSetInputProvider',
    'ResourceSetInputProvider produces ResourceSet inputs from an external service (pull requests, branches, tags) or static values.',
    object(
      'ResourceSetInputProviderSpec says where inputs come from.',
      {
        type: oneOf('Type of the provider.', [
          'Static', 'GitHubPullRequest', 'GitHubBranch', 'GitHubTag', 'GitLabMergeRequest', 'GitLabBranch', 'GitLabTag', 'GitLabEnvironment', 'AzureDevOpsPullRequest', 'AzureDevOpsBranch', 'AzureDevOpsTag',
          'OCIArtifactTag', 'ACRArtifactTag', 'ECRArtifactTag', 'GARArtifactTag',
        ]),
        url: string('URL of the repository or registry.'),
        secretRef: localRef('SecretRef names a Secret with the credentials.'),
        certSecretRef: localRef('CertSecretRef names a Secret with TLS material.'),
        serviceAccountName: string('ServiceAccountName is the service account whose workload identity authenticates.'),
        defaultValues: freeForm('DefaultValues are added to every input.'),
        filter: object('Filter narrows the inputs.', {
          labels: stringList('Labels the pull or merge requests must have.'),
          includeBranch: string('Regular expression of branches to include.'),
          excludeBranch: string('Regular expression of branches to exclude.'),
          includeTag: string('Regular expression of tags to include.'),
          excludeTag: string('Regular expression of tags to exclude.'),
          semver: string('SemVer range of tags to include.'),
          limit: integer('Limit of inputs.'),
        }),
        skip: object('Skip leaves out pull or merge requests.', { labels: stringList('Labels that skip a request.') }),
        schedule: list('Schedule restricts reconciliations to time windows.', object('A window.', { cron: string('Cron expression of the start.'), timeZone: string('Time zone of the cron expression.'), window: duration('Length of the window.') }, ['cron'])),
      },
      ['type'],
    ),
    fluxStatus('The observed state of the provider.', { exportedInputs: list('The inputs last exported.', freeForm('One input.')), lastExportedRevision: string('Digest of the inputs last exported.') }),
  ),
);

export const OPERATOR_SCHEMAS: Record<string, Record<string, CrdVersionSchema>> = {
  FluxInstance: { v1: fluxInstance },
  FluxReport: { v1: fluxReport },
  ResourceSet: { v1: resourceSet },
  ResourceSetInputProvider: { v1: resourceSetInputProvider },
};
