/**
 * Small builders for the shapes Flux's CRD schemas repeat (durations, object references,
 * conditions, artifacts...), so each kind's schema reads as a list of its fields.
 */
import type { StructuralSchema } from '../../kube/structural-schema.js';

export type Schema = StructuralSchema;
export type Properties = Record<string, Schema>;

/** A Go duration as Flux accepts it in its specs: `30s`, `1m30s`, `1h`, `500ms`. */
export const DURATION_PATTERN = '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$';

export const string = (description: string, extra: Partial<Schema> = {}): Schema => ({ type: 'string', description, ...extra });
export const boolean = (description: string): Schema => ({ type: 'boolean', description });
export const integer = (description: string, extra: Partial<Schema> = {}): Schema => ({ type: 'integer', format: 'int64', description, ...extra });
export const duration = (description: string): Schema => ({ type: 'string', description, pattern: DURATION_PATTERN });
export const oneOf = (description: string, values: readonly string[], extra: Partial<Schema> = {}): Schema => ({ type: 'string', description, enum: [...values], ...extra });
export const stringList = (description: string, extra: Partial<Schema> = {}): Schema => ({ type: 'array', description, items: { type: 'string' }, ...extra });
export const stringMap = (description: string): Schema => ({ type: 'object', description, additionalProperties: { type: 'string' } });
export const list = (description: string, items: Schema, extra: Partial<Schema> = {}): Schema => ({ type: 'array', description, items, ...extra });

/** An object with declared fields; `required` names the ones that must be set. */
export function object(description: string, properties: Properties, required: string[] = []): Schema {
  return { type: 'object', description, properties, ...(required.length > 0 ? { required } : {}) };
}

/** Free-form data (Helm values, ResourceSet inputs): kept as written. */
export const freeForm = (description: string): Schema => ({ type: 'object', description, 'x-kubernetes-preserve-unknown-fields': true });

/** A whole Kubernetes object embedded in a spec (ResourceSet resources, patches). */
export const embeddedResource = (description: string): Schema => ({ type: 'object', description, 'x-kubernetes-embedded-resource': true, 'x-kubernetes-preserve-unknown-fields': true });

/** Same object with some fields replaced or added, and the required list recomputed when given. */
export function withFields(base: Schema, properties: Properties, required?: string[]): Schema {
  const result: Schema = { ...base, properties: { ...base.properties, ...properties } };
  if (required) {
    if (required.length > 0) result.required = required;
    else delete result.required;
  }
  return result;
}

/** Same object without the named fields (and without them in `required`). */
export function withoutFields(base: Schema, ...names: string[]): Schema {
  const properties = { ...base.properties };
  for (const name of names) delete properties[name];
  const required = base.required?.filter((name) => !names.includes(name));
  const result: Schema = { ...base, properties };
  if (required && required.length > 0) result.required = required;
  else delete result.required;
  return result;
}

export const localRef = (description: string): Schema => object(description, { name: string('Name of the referent.') }, ['name']);

export const secretKeyRef = (description: string): Schema =>
  object(description, { name: string('Name of the Secret.'), key: string('Key in the Secret; when unset, the controller picks its default key.') }, ['name']);

export const namespaceSelectors = (): Schema =>
  object(
    'AccessFrom lists the namespaces whose objects may refer to this one (cross-namespace references).',
    {
      namespaceSelectors: list(
        'NamespaceSelectors picks the allowed namespaces by their labels; an empty selector allows every namespace.',
        object('A namespace label selector.', { matchLabels: stringMap('MatchLabels: every pair must be a label of the namespace.') }),
      ),
    },
    ['namespaceSelectors'],
  );

/** `sourceRef` of a kind that consumes a source, restricted to the kinds that version accepts. */
export function sourceRef(description: string, kinds: readonly string[], options: { namespace?: boolean; defaultKind?: string } = {}): Schema {
  return object(
    description,
    {
      apiVersion: string('API version of the referent.'),
      kind: oneOf('Kind of the referent.', kinds, options.defaultKind ? { default: options.defaultKind } : {}),
      name: string('Name of the referent.'),
      ...(options.namespace === false ? {} : { namespace: string('Namespace of the referent; defaults to the namespace of the object that holds the reference.') }),
    },
    ['kind', 'name'],
  );
}

export const dependsOn = (description: string, extra: Properties = {}): Schema =>
  list(
    description,
    object('A reference to an object this one waits for.', { name: string('Name of the referent.'), namespace: string('Namespace of the referent; defaults to the namespace of this object.'), ...extra }, ['name']),
  );

export const kubeConfig = (): Schema =>
  object(
    'KubeConfig points to a kubeconfig in a Secret, to act on a remote cluster instead of the one the controller runs in.',
    {
      secretRef: secretKeyRef('SecretRef holds the kubeconfig (key `value` or `value.yaml` by default).'),
      configMapRef: localRef('ConfigMapRef holds the settings of a workload-identity based kubeconfig.'),
    },
  );

export const commonMetadata = (): Schema =>
  object('CommonMetadata holds labels and annotations set on every object the controller applies.', {
    labels: stringMap('Labels added to every applied object.'),
    annotations: stringMap('Annotations added to every applied object.'),
  });

export const selector = (description: string): Schema =>
  object(description, {
    matchLabels: stringMap('MatchLabels: every pair must be a label of the object.'),
    matchExpressions: list(
      'MatchExpressions: every requirement must hold.',
      object('A label selector requirement.', { key: string('The label key.'), operator: oneOf('How the key relates to the values.', ['In', 'NotIn', 'Exists', 'DoesNotExist']), values: stringList('The values; empty for Exists and DoesNotExist.') }, ['key', 'operator']),
    ),
  });

/** A kustomize patch with the selector of the objects it applies to. */
export const kustomizePatch = (): Schema =>
  object(
    'A strategic merge or JSON6902 patch, and the objects it applies to.',
    {
      patch: string('Patch is the patch itself, as YAML or JSON (a strategic merge patch or a JSON6902 patch).'),
      target: object('Target selects the objects to patch; without one, the patch names its object itself.', {
        group: string('API group of the targets.'),
        version: string('API version of the targets.'),
        kind: string('Kind of the targets.'),
        name: string('Name of the targets (a regular expression).'),
        namespace: string('Namespace of the targets (a regular expression).'),
        annotationSelector: string('Annotation selector of the targets.'),
        labelSelector: string('Label selector of the targets.'),
      }),
    },
    ['patch'],
  );

export const kustomizeImage = (): Schema =>
  object(
    'Rewrites one container image.',
    {
      name: string('Name of the image as written in the manifests.'),
      newName: string('NewName replaces the image name.'),
      newTag: string('NewTag replaces the tag.'),
      digest: string('Digest replaces the tag with a digest (takes precedence over NewTag).'),
    },
    ['name'],
  );

// --- status shapes -----------------------------------------------------------------------------

export const condition = (): Schema =>
  object(
    'One aspect of the current state (metav1.Condition).',
    {
      type: string('Type of the condition, in CamelCase (Ready, Reconciling, Stalled...).', { maxLength: 316 }),
      status: oneOf('Status of the condition.', ['True', 'False', 'Unknown']),
      observedGeneration: integer('The .metadata.generation the condition was set for.', { minimum: 0 }),
      lastTransitionTime: string('When the condition last changed status.', { format: 'date-time' }),
      reason: string('Reason is a CamelCase word that says why the condition is as it is.', { maxLength: 1024 }),
      message: string('Message says in words why the condition is as it is.', { maxLength: 32768 }),
    },
    ['lastTransitionTime', 'message', 'reason', 'status', 'type'],
  );

// Flux's API types declare no list type on conditions: the list is owned as a whole (atomic), as on a real cluster.
export const conditions = (): Schema => list('Conditions hold the latest observations of the object\'s state.', condition());

export const artifact = (description = 'Artifact is the output of the last successful reconciliation.'): Schema =>
  object(
    description,
    {
      path: string('Path of the artifact relative to the storage root.'),
      url: string('URL the artifact can be downloaded from.'),
      revision: string('Revision of the source the artifact was made from (e.g. `main@sha1:...`).'),
      digest: string('Digest of the artifact file, as `<algorithm>:<checksum>`.', { pattern: '^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$' }),
      lastUpdateTime: string('When the artifact was last updated.', { format: 'date-time' }),
      size: integer('Size of the artifact in bytes.'),
      metadata: stringMap('Metadata of the OCI artifact the source was pulled as (annotations).'),
    },
    ['lastUpdateTime', 'path', 'revision', 'url'],
  );

/**
 * A status with the fields every Flux kind reports typed, plus the kind's own; the rest is kept
 * as written (the simulated controllers write what their release writes).
 */
export function fluxStatus(description: string, properties: Properties = {}): Schema {
  return {
    type: 'object',
    description,
    properties: {
      observedGeneration: integer('The last generation the controller reconciled.'),
      conditions: conditions(),
      lastHandledReconcileAt: string('The last `reconcile.fluxcd.io/requestedAt` annotation value the controller acted on.'),
      ...properties,
    },
    'x-kubernetes-preserve-unknown-fields': true,
  };
}

// --- whole kinds --------------------------------------------------------------------------------

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  priority?: number;
}

/** One served version of a Flux CRD: its schema and the columns `kubectl get` prints. */
export interface CrdVersionSchema {
  openAPIV3Schema: Schema;
  additionalPrinterColumns: PrinterColumn[];
}

export const AGE_COLUMN: PrinterColumn = { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' };
export const READY_COLUMN: PrinterColumn = { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' };
export const STATUS_COLUMN: PrinterColumn = { name: 'Status', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].message' };
/** What most Flux kinds print: Age, Ready, Status. */
export const READINESS_COLUMNS: PrinterColumn[] = [AGE_COLUMN, READY_COLUMN, STATUS_COLUMN];

export const column = (name: string, jsonPath: string, type = 'string'): PrinterColumn => ({ name, type, jsonPath });

/** The top-level schema of a custom resource: apiVersion, kind, metadata, spec and status. */
export function customResource(kind: string, description: string, spec: Schema, status?: Schema): Schema {
  return {
    type: 'object',
    description,
    properties: {
      apiVersion: string('APIVersion is the versioned schema of this representation of an object; servers convert recognised schemas to the latest internal value.'),
      kind: string(`Kind is the REST resource this object represents (here always ${kind}); servers infer it from the endpoint a request is sent to.`),
      metadata: { type: 'object' },
      spec,
      ...(status ? { status } : {}),
    },
  };
}

export function crdVersion(openAPIV3Schema: Schema, additionalPrinterColumns: PrinterColumn[] = READINESS_COLUMNS): CrdVersionSchema {
  return { openAPIV3Schema, additionalPrinterColumns };
}
