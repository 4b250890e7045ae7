/**
 * The OpenAPI documents kube-apiserver publishes, built from what a simulated cluster serves:
 * `/openapi/v3` (an index of one document per group-version, each addressed with a content
 * hash) and `/openapi/v2` (everything in one Swagger 2.0 document, as JSON or protobuf: see
 * openapi-v2-protobuf.ts; schemas simplified as kube-apiserver does for v2). kubectl reads v3 to learn
 * that a kind's PATCH takes `fieldValidation` (then it leaves validation to the server) and to
 * `explain` kinds. Custom resources are described by their CRD's structural schema; built-in
 * kinds by permissive object schemas with apiVersion, kind and ObjectMeta.
 */
import { createHash } from 'node:crypto';
import type { ObjectStore } from '../store/types.js';
import { CRD_GROUP_RESOURCE } from './custom-resource-definitions.js';
import { servedSchema } from './custom-resource-validation.js';
import { encodeSwaggerDocument } from './openapi-v2-protobuf.js';
import { apiVersionOf, type ResourceTypeRegistry, type ServedResourceType } from './resource-types.js';
import type { StructuralSchema } from './structural-schema.js';

type Json = Record<string, unknown>;

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const OBJECT_META = `${META}.ObjectMeta`;
const LIST_META = `${META}.ListMeta`;
const STATUS = `${META}.Status`;
const DELETE_OPTIONS = `${META}.DeleteOptions`;
const PATCH = `${META}.Patch`;
const SCALE = 'io.k8s.api.autoscaling.v1.Scale';

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });

/** How kube-apiserver names a kind's definition: `io.k8s.api.apps.v1.Deployment`, `io.fluxcd.toolkit.kustomize.v1.Kustomization`. */
export function definitionName(group: string, version: string, kind: string, builtIn: boolean): string {
  if (group === 'apiextensions.k8s.io') return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${version}.${kind}`;
  if (builtIn) return `io.k8s.api.${group === '' ? 'core' : group.split('.')[0]}.${version}.${kind}`;
  return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
}

const gvk = (group: string, version: string, kind: string): Json => ({ group, kind, version });

const string = (description: string, extra: Json = {}): Json => ({ type: 'string', description, ...extra });
const API_VERSION = string('APIVersion defines the versioned schema of this representation of an object.');
const KIND = string('Kind is a string value representing the REST resource this object represents.');
const METADATA = { allOf: [ref(OBJECT_META)], default: {}, description: 'Standard object\'s metadata.' };
const open = (description: string): Json => ({ type: 'object', description, 'x-kubernetes-preserve-unknown-fields': true });

/** The meta.k8s.io definitions every group-version document refers to. */
function metaSchemas(): Record<string, Json> {
  const map = (description: string): Json => ({ type: 'object', description, additionalProperties: { type: 'string', default: '' } });
  return {
    [OBJECT_META]: {
      type: 'object',
      description: 'ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.',
      properties: {
        name: string('Name must be unique within a namespace. Required when creating resources, unless generateName is set.'),
        generateName: string('GenerateName is a prefix the server uses to generate a unique name when name is not set.'),
        namespace: string('Namespace defines the space within which each name must be unique.'),
        uid: string('UID is the unique in time and space value for this object, set by the server.'),
        resourceVersion: string('An opaque value that represents the internal version of this object, for optimistic concurrency and watches.'),
        generation: { type: 'integer', format: 'int64', description: 'A sequence number representing a specific generation of the desired state, set by the server.' },
        creationTimestamp: { ...ref(`${META}.Time`), description: 'When this object was created, set by the server.' },
        deletionTimestamp: { ...ref(`${META}.Time`), description: 'When this object will be deleted, set by the server when deletion is requested.' },
        deletionGracePeriodSeconds: { type: 'integer', format: 'int64', description: 'Seconds allowed for this object to terminate gracefully.' },
        labels: map('Map of string keys and values to organize and categorize objects; selectors match them.'),
        annotations: map('Unstructured key value map stored with a resource, for tools to store and read arbitrary metadata.'),
        ownerReferences: { type: 'array', description: 'Objects this object depends on; garbage collected when they are all gone.', items: { default: {}, allOf: [ref(`${META}.OwnerReference`)] }, 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['uid'] },
        finalizers: { type: 'array', description: 'Must be empty before the object is deleted from the registry.', items: { type: 'string', default: '' }, 'x-kubernetes-list-type': 'set' },
        managedFields: { type: 'array', description: 'Which managers own which fields (server-side apply).', items: { default: {}, allOf: [ref(`${META}.ManagedFieldsEntry`)] } },
      },
    },
    [`${META}.OwnerReference`]: {
      type: 'object',
      description: 'OwnerReference identifies an owning object, in the same namespace or cluster-scoped.',
      required: ['apiVersion', 'kind', 'name', 'uid'],
      properties: {
        apiVersion: string('API version of the referent.', { default: '' }),
        kind: string('Kind of the referent.', { default: '' }),
        name: string('Name of the referent.', { default: '' }),
        uid: string('UID of the referent.', { default: '' }),
        controller: { type: 'boolean', description: 'If true, this reference points to the managing controller.' },
        blockOwnerDeletion: { type: 'boolean', description: 'If true, the owner cannot be deleted from storage until this reference is removed.' },
      },
    },
    [`${META}.ManagedFieldsEntry`]: {
      type: 'object',
      description: 'ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource that the fieldset applies to.',
      properties: {
        apiVersion: string('Version of the resource the field set applies to.'),
        fieldsType: string('Format of the field set; only FieldsV1.'),
        fieldsV1: { ...ref(`${META}.FieldsV1`), description: 'The fields owned.' },
        manager: string('Identifier of the workflow managing these fields.'),
        operation: string('Apply or Update.'),
        subresource: string('The subresource written, if any.'),
        time: { ...ref(`${META}.Time`), description: 'When the fields were last changed.' },
      },
    },
    [`${META}.Time`]: { type: 'string', format: 'date-time', description: 'Time is a timestamp in RFC 3339 form, with second precision.' },
    [`${META}.FieldsV1`]: { type: 'object', description: 'FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.' },
    [LIST_META]: {
      type: 'object',
      description: 'ListMeta describes metadata that synthetic resources must have, including lists.',
      properties: {
        continue: string('Set when the list was truncated by a limit: the token to ask for the next page.'),
        remainingItemCount: { type: 'integer', format: 'int64', description: 'Number of items left after this page, when known.' },
        resourceVersion: string('The resourceVersion of the list, to watch from.'),
        selfLink: string('Deprecated.'),
      },
    },
    [STATUS]: {
      type: 'object',
      description: 'Status is a return value for calls that do not return other objects.',
      properties: {
        apiVersion: API_VERSION,
        kind: KIND,
        metadata: { default: {}, allOf: [ref(LIST_META)], description: 'Standard list metadata.' },
        status: string('Success or Failure.'),
        message: string('A human-readable description of the status of this operation.'),
        reason: string('A machine-readable description of why this operation is in the Failure status.'),
        details: { allOf: [ref(`${META}.StatusDetails`)], description: 'Extended data associated with the reason.' },
        code: { type: 'integer', format: 'int32', description: 'Suggested HTTP return code for this status.' },
      },
      'x-kubernetes-group-version-kind': [gvk('', 'v1', 'Status')],
    },
    [`${META}.StatusDetails`]: {
      type: 'object',
      description: 'StatusDetails is a set of additional properties that may be set by the server to provide additional information about a response.',
      properties: {
        name: string('The name attribute of the resource associated with the status.'),
        group: string('The group attribute of the resource associated with the status.'),
        kind: string('The kind attribute of the resource associated with the status.'),
        uid: string('UID of the resource.'),
        causes: { type: 'array', description: 'The causes of a failure, e.g. one per invalid field.', items: { default: {}, allOf: [ref(`${META}.StatusCause`)] } },
        retryAfterSeconds: { type: 'integer', format: 'int32', description: 'Seconds a client should wait before retrying.' },
      },
    },
    [`${META}.StatusCause`]: {
      type: 'object',
      description: 'StatusCause provides more information about an api.Status failure.',
      properties: { field: string('The field of the resource that caused this error.'), message: string('A human-readable description of the cause.'), reason: string('A machine-readable description of the cause.') },
    },
    [DELETE_OPTIONS]: {
      type: 'object',
      description: 'DeleteOptions may be provided when deleting an API object.',
      properties: {
        apiVersion: API_VERSION,
        kind: KIND,
        dryRun: { type: 'array', description: 'All: process the request without persisting it.', items: { type: 'string', default: '' } },
        gracePeriodSeconds: { type: 'integer', format: 'int64', description: 'Seconds before the object is deleted.' },
        preconditions: { allOf: [ref(`${META}.Preconditions`)], description: 'Must be fulfilled before a deletion is carried out.' },
        propagationPolicy: string('Whether and how garbage collection is performed: Orphan, Background or Foreground.'),
      },
    },
    [`${META}.Preconditions`]: { type: 'object', description: 'Preconditions must be fulfilled before an operation is carried out.', properties: { resourceVersion: string('The target resourceVersion.'), uid: string('The target UID.') } },
    [PATCH]: { type: 'object', description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.' },
    [`${META}.WatchEvent`]: {
      type: 'object',
      description: 'Event represents a single event to a watched resource.',
      required: ['type', 'object'],
      properties: { type: string('ADDED, MODIFIED, DELETED, BOOKMARK or ERROR.', { default: '' }), object: { ...ref('io.k8s.apimachinery.pkg.runtime.RawExtension'), description: 'The object, or a Status for ERROR.' } },
    },
    'io.k8s.apimachinery.pkg.runtime.RawExtension': { type: 'object', description: 'RawExtension holds an embedded object as JSON.' },
  };
}

/** Fields built-in kinds carry beside metadata, declared so `kubectl explain` lists them. */
const BUILT_IN_FIELDS: Record<string, Record<string, Json>> = {
  ConfigMap: { data: { type: 'object', description: 'Data holds the configuration data.', additionalProperties: { type: 'string' } }, binaryData: { type: 'object', description: 'BinaryData holds binary data, base64 encoded.', additionalProperties: { type: 'string', format: 'byte' } }, immutable: { type: 'boolean', description: 'Immutable: the data cannot be changed.' } },
  Secret: { data: { type: 'object', description: 'Data holds the secret data, base64 encoded.', additionalProperties: { type: 'string', format: 'byte' } }, stringData: { type: 'object', description: 'StringData is write-only plain text data merged into data.', additionalProperties: { type: 'string' } }, type: string('Type of the secret data, e.g. Opaque or kubernetes.io/tls.'), immutable: { type: 'boolean', description: 'Immutable: the data cannot be changed.' } },
};

function builtInSchema(type: ServedResourceType): Json {
  const fields = BUILT_IN_FIELDS[type.kind] ?? {
    spec: open(`Spec is the desired state of the ${type.kind}.`),
    status: open(`Status is the most recently observed state of the ${type.kind}, set by the system.`),
  };
  return {
    type: 'object',
    description: `${type.kind} (${apiVersionOf(type.group, type.version)}), served by the simulator without a detailed schema: fields other than these are kept as written.`,
    properties: { apiVersion: API_VERSION, kind: KIND, metadata: METADATA, ...fields },
    'x-kubernetes-preserve-unknown-fields': true,
  };
}

/** A CRD version's structural schema as published: metadata is ObjectMeta. */
function customResourceSchema(schema: StructuralSchema | undefined, type: ServedResourceType): Json {
  const base = (schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }) as unknown as Json;
  const properties = { ...(base.properties as Json | undefined), apiVersion: API_VERSION, kind: KIND, metadata: METADATA };
  return { ...base, description: (base.description as string | undefined) ?? `${type.kind} is a custom resource.`, properties };
}

function listSchema(type: ServedResourceType, itemName: string): Json {
  return {
    type: 'object',
    description: `${type.kind}List is a list of ${type.kind}.`,
    required: ['items'],
    properties: { apiVersion: API_VERSION, items: { type: 'array', description: `List of ${type.resource}.`, items: ref(itemName) }, kind: KIND, metadata: { allOf: [ref(LIST_META)], default: {}, description: 'Standard list metadata.' } },
    'x-kubernetes-group-version-kind': [gvk(type.group, type.version, `${type.kind}List`)],
  };
}

const query = (name: string, description: string, type: 'string' | 'integer' | 'boolean' = 'string'): Json => ({ name, in: 'query', description, schema: { type, uniqueItems: true } });
const PRETTY = query('pretty', 'If \'true\', the output is pretty printed.');
const DRY_RUN = query('dryRun', 'When present, modifications are not persisted. All: process every stage without persisting.');
const FIELD_MANAGER = query('fieldManager', 'Name of the actor making the change, for field management.');
const FIELD_VALIDATION = query(
  'fieldValidation',
  'How the server treats unknown fields in the request: Ignore drops them silently, Warn (the default) drops them with a warning header per field, Strict fails the request.',
);
const LIST_PARAMETERS = [
  query('allowWatchBookmarks', 'Ask for BOOKMARK events on a watch.', 'boolean'),
  query('continue', 'The continue token of the previous page.'),
  query('fieldSelector', 'Restrict the returned objects by their fields.'),
  query('labelSelector', 'Restrict the returned objects by their labels.'),
  query('limit', 'Maximum number of items to return.', 'integer'),
  query('resourceVersion', 'Which resourceVersion the list or watch starts at.'),
  query('resourceVersionMatch', 'How resourceVersion applies to a list.'),
  query('sendInitialEvents', 'Start a watch with synthetic events for the current state.', 'boolean'),
  query('timeoutSeconds', 'Timeout of the list or watch call.', 'integer'),
  query('watch', 'Watch for changes instead of listing.', 'boolean'),
];
const DELETE_PARAMETERS = [DRY_RUN, query('gracePeriodSeconds', 'Seconds before the object is deleted.', 'integer'), query('propagationPolicy', 'Orphan, Background or Foreground.')];

const MEDIA = ['application/json', 'application/yaml'];
const body = (schema: Json, mediaTypes = ['*/*']): Json => ({ content: Object.fromEntries(mediaTypes.map((media) => [media, { schema }])), required: true });
const ok = (code: string, schema: Json): Json => ({ [code]: { description: code === '201' ? 'Created' : code === '202' ? 'Accepted' : 'OK', content: Object.fromEntries(MEDIA.map((media) => [media, { schema }])) }, '401': { description: 'Unauthorized' } });

/** `readKustomizeToolkitFluxcdIoV1NamespacedKustomization`-style operation ids. */
function operationId(verb: string, type: ServedResourceType, suffix: string): string {
  const groupPart = type.group === '' ? 'Core' : type.group.split(/[.-]/).map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
  const versionPart = type.version.charAt(0).toUpperCase() + type.version.slice(1);
  return `${verb}${groupPart}${versionPart}${suffix}`;
}

/** The paths of one served type (collection, object, subresources), as kube-apiserver lays them out. */
function typePaths(type: ServedResourceType, schemaName: string, tag: string): Record<string, Json> {
  const prefix = type.group === '' ? `/api/${type.version}` : `/apis/${type.group}/${type.version}`;
  const scope = type.namespaced ? 'Namespaced' : '';
  const collection = type.namespaced ? `${prefix}/namespaces/{namespace}/${type.resource}` : `${prefix}/${type.resource}`;
  const pathParameters = (named: boolean): Json[] => [
    ...(named ? [{ name: 'name', in: 'path', description: `name of the ${type.kind}`, required: true, schema: { type: 'string', uniqueItems: true } }] : []),
    ...(type.namespaced ? [{ name: 'namespace', in: 'path', description: 'object name and auth scope, such as for teams and projects', required: true, schema: { type: 'string', uniqueItems: true } }] : []),
    PRETTY,
  ];
  const operation = (verb: string, action: string, description: string, extra: Json, options: { kind?: Json; suffix?: string } = {}): Json => ({
    tags: [tag],
    description,
    operationId: operationId(verb, type, `${verb === 'list' || verb === 'deletecollection' ? '' : scope}${type.kind}${options.suffix ?? ''}`),
    ...extra,
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': options.kind ?? gvk(type.group, type.version, type.kind),
  });
  const verbs = new Set(type.verbs);
  const paths: Record<string, Json> = {};
  const collectionOps: Json = { parameters: pathParameters(false) };
  if (verbs.has('list')) collectionOps.get = operation('list', 'list', `list or watch objects of kind ${type.kind}`, { parameters: LIST_PARAMETERS, responses: ok('200', ref(`${schemaName}List`)) });
  if (verbs.has('create')) {
    collectionOps.post = operation('create', 'post', `create a ${type.kind}`, { parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION], requestBody: body(ref(schemaName)), responses: { ...ok('200', ref(schemaName)), ...ok('201', ref(schemaName)) } });
  }
  if (verbs.has('deletecollection')) {
    collectionOps.delete = operation('deletecollection', 'deletecollection', `delete collection of ${type.kind}`, { parameters: [...DELETE_PARAMETERS, ...LIST_PARAMETERS.filter((parameter) => parameter.name !== 'watch')], requestBody: body(ref(DELETE_OPTIONS)), responses: ok('200', ref(STATUS)) });
  }
  paths[collection] = collectionOps;
  if (!verbs.has('get')) return paths;

  const object = `${collection}/{name}`;
  const patchBody = body(ref(PATCH), ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml']);
  const objectOps = (what: string, target: string, options: { kind?: Json; suffix?: string } = {}): Json => ({
    get: operation('read', 'get', `read ${what} of the specified ${type.kind}`, { responses: ok('200', ref(target)) }, options),
    put: operation('replace', 'put', `replace ${what} of the specified ${type.kind}`, { parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION], requestBody: body(ref(target)), responses: { ...ok('200', ref(target)), ...ok('201', ref(target)) } }, options),
    patch: operation('patch', 'patch', `partially update ${what} of the specified ${type.kind}`, { parameters: [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, query('force', 'Force an apply request over conflicts.', 'boolean')], requestBody: patchBody, responses: { ...ok('200', ref(target)), ...ok('201', ref(target)) } }, options),
  });
  const main = objectOps('the', schemaName);
  paths[object] = {
    ...main,
    delete: operation('delete', 'delete', `delete a ${type.kind}`, { parameters: DELETE_PARAMETERS, requestBody: body(ref(DELETE_OPTIONS)), responses: { ...ok('200', ref(STATUS)), ...ok('202', ref(STATUS)) } }),
    parameters: pathParameters(true),
  };
  if (type.namespaced && verbs.has('list')) {
    paths[`${prefix}/${type.resource}`] = {
      get: operation('list', 'list', `list or watch objects of kind ${type.kind} in every namespace`, { parameters: LIST_PARAMETERS, responses: ok('200', ref(`${schemaName}List`)) }, { suffix: 'ForAllNamespaces' }),
      parameters: [PRETTY],
    };
  }
  for (const subresource of type.subresources) {
    if (subresource === 'status') paths[`${object}/status`] = { ...objectOps('status', schemaName, { suffix: 'Status' }), parameters: pathParameters(true) };
    if (subresource === 'scale') paths[`${object}/scale`] = { ...objectOps('scale', SCALE, { kind: gvk('autoscaling', 'v1', 'Scale'), suffix: 'Scale' }), parameters: pathParameters(true) };
    if (subresource === 'log') {
      paths[`${object}/log`] = {
        get: operation('read', 'connect', `read log of the specified ${type.kind}`, { responses: { '200': { description: 'OK', content: { 'text/plain': { schema: { type: 'string' } } } }, '401': { description: 'Unauthorized' } } }, { suffix: 'Log' }),
        parameters: pathParameters(true),
      };
    }
  }
  return paths;
}

const SCALE_SCHEMA: Json = {
  type: 'object',
  description: 'Scale represents a scaling request for a resource.',
  properties: {
    apiVersion: API_VERSION,
    kind: KIND,
    metadata: METADATA,
    spec: { type: 'object', description: 'The desired scale.', properties: { replicas: { type: 'integer', format: 'int32', description: 'Desired number of instances.' } } },
    status: { type: 'object', description: 'The current scale.', properties: { replicas: { type: 'integer', format: 'int32', description: 'Actual number of instances.' }, selector: string('Label query over the scaled pods.') } },
  },
  'x-kubernetes-group-version-kind': [gvk('autoscaling', 'v1', 'Scale')],
};

/** The v3 document of one served group-version (`/openapi/v3/apis/{group}/{version}`, `/openapi/v3/api/v1`). */
function groupVersionDocument(registry: ResourceTypeRegistry, store: ObjectStore, group: string, version: string, kubernetesVersion: string): Json {
  const builtIn = !registry.customResourceGroups.has(group);
  const schemas: Record<string, Json> = metaSchemas();
  let paths: Record<string, Json> = {};
  const tag = group === '' ? `core_${version}` : `${group.split('.')[0]}_${version}`;
  for (const type of registry.resourcesOf(group, version)) {
    const name = definitionName(type.group, type.version, type.kind, builtIn && !isDynamicKind(registry, type));
    const schema = builtIn ? builtInSchema(type) : customResourceSchema(servedSchema(store, type), type);
    schemas[name] = { ...schema, 'x-kubernetes-group-version-kind': [gvk(type.group, type.version, type.kind)] };
    if (type.verbs.includes('list')) schemas[`${name}List`] = listSchema(type, name);
    if (type.subresources.includes('scale')) schemas[SCALE] = SCALE_SCHEMA;
    paths = { ...paths, ...typePaths(type, name, tag) };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: kubernetesVersion },
    paths,
    components: { schemas, securitySchemes: { BearerToken: { type: 'apiKey', description: 'Bearer Token authentication', name: 'authorization', in: 'header' } } },
    security: [{ BearerToken: [] }],
  };
}

/** Kinds registered at run time from stored objects (not built into kube-apiserver, no CRD here). */
function isDynamicKind(registry: ResourceTypeRegistry, type: ServedResourceType): boolean {
  return type.group !== '' && !BUILT_IN_API_GROUP.test(type.group) && !registry.customResourceGroups.has(type.group);
}
const BUILT_IN_API_GROUP = /^(apps|batch|policy|autoscaling|[a-z0-9.-]*\.k8s\.io)$/;

// --- Swagger 2.0 -------------------------------------------------------------------------------

/** A v3 fragment with its component refs pointing at Swagger 2.0 definitions. */
function v2Refs<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', '"#/definitions/')) as T;
}

function v2Operation(operation: Json): Json {
  const { requestBody, responses, parameters, ...rest } = operation as { requestBody?: { content: Json }; responses: Record<string, { description: string; content?: Record<string, { schema: Json }> }>; parameters?: Json[] };
  const converted: Json = { ...rest };
  const v2Parameters = (parameters ?? []).map(v2Parameter);
  if (requestBody) {
    const [first] = Object.values(requestBody.content) as Array<{ schema: Json }>;
    converted.consumes = Object.keys(requestBody.content);
    v2Parameters.unshift({ name: 'body', in: 'body', required: true, schema: first!.schema });
  }
  if (v2Parameters.length > 0) converted.parameters = v2Parameters;
  converted.produces = [...new Set(Object.values(responses).flatMap((response) => Object.keys(response.content ?? {})))];
  converted.schemes = ['https'];
  converted.responses = Object.fromEntries(Object.entries(responses).map(([code, response]) => [code, { description: response.description, ...(response.content ? { schema: Object.values(response.content)[0]!.schema } : {}) }]));
  return converted;
}

function v2Parameter(parameter: Json): Json {
  const { schema, ...rest } = parameter as { schema?: Json };
  return { ...rest, ...(schema ?? {}) };
}

const isRecord = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * A schema as kube-apiserver publishes it in v2 (apiextensions' ToStructuralOpenAPIV2): kubectl's
 * v2 model knows no allOf/anyOf/oneOf/not or nullable, and validates every declared field, so
 * those keywords go, a node that keeps unknown fields loses its properties and items, and an
 * array left without items its type. A lone `allOf` reference (v3's way to describe a `$ref`)
 * becomes the `$ref` itself.
 */
function v2Schema(schema: Json): Json {
  const { allOf, anyOf: _anyOf, oneOf: _oneOf, not: _not, nullable, ...out } = schema;
  const [only] = Array.isArray(allOf) && allOf.length === 1 ? (allOf as unknown[]) : [];
  if (isRecord(only) && typeof only.$ref === 'string' && out.type === undefined && out.properties === undefined) out.$ref = only.$ref;
  if (nullable === true) {
    delete out.type;
    delete out.items;
    delete out.properties;
  }
  if (out['x-kubernetes-preserve-unknown-fields'] === true) {
    delete out.items;
    delete out.properties;
  }
  if (out.type === 'array' && out.items === undefined) delete out.type;
  if (isRecord(out.properties)) {
    const properties = out.properties as Record<string, Json>;
    out.properties = Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, isRecord(property) ? v2Schema(property) : property]));
    // A nullable field may be null in a write; v2 cannot say so, so it is not required there.
    if (Array.isArray(out.required)) out.required = (out.required as string[]).filter((name) => properties[name]?.nullable !== true);
  }
  if (isRecord(out.items)) out.items = v2Schema(out.items);
  if (isRecord(out.additionalProperties)) out.additionalProperties = v2Schema(out.additionalProperties);
  return out;
}

function swaggerDocument(documents: Map<string, Json>, kubernetesVersion: string): Json {
  const paths: Json = {};
  const definitions: Json = {};
  for (const document of documents.values()) {
    for (const [path, item] of Object.entries(document.paths as Record<string, Json>)) {
      paths[path] = Object.fromEntries(Object.entries(item).map(([key, value]) => [key, key === 'parameters' ? (value as Json[]).map(v2Parameter) : v2Operation(value as Json)]));
    }
    for (const [name, schema] of Object.entries((document.components as { schemas: Record<string, Json> }).schemas)) definitions[name] = v2Schema(schema);
  }
  return v2Refs({
    swagger: '2.0',
    info: { title: 'Kubernetes', version: kubernetesVersion },
    paths,
    definitions,
    securityDefinitions: { BearerToken: { type: 'apiKey', description: 'Bearer Token authentication', name: 'authorization', in: 'header' } },
    security: [{ BearerToken: [] }],
  });
}

// --- publication and caching -------------------------------------------------------------------

/** One published document: its bytes and the hash clients address it by. */
export interface PublishedDocument {
  body: string | Buffer;
  /** Upper-case hex SHA-512 of the (JSON) body: the `hash` query parameter and ETag. */
  hash: string;
}

export interface OpenApiDocuments {
  /** `/openapi/v3`: `paths` maps `apis/{group}/{version}` to `{serverRelativeURL}`. */
  v3Index: PublishedDocument;
  /** Keyed by `api/v1` or `apis/{group}/{version}`. */
  v3: Map<string, PublishedDocument>;
  /** `/openapi/v2` as JSON, built on first use (kubectl reads v3, and v2 only when v3 does not settle a question). */
  v2(): PublishedDocument;
  /** The same document in protobuf (what client-go asks for), with the JSON's ETag as kube-apiserver gives it. */
  v2Protobuf(): PublishedDocument;
}

function publish(document: unknown): PublishedDocument {
  const body = JSON.stringify(document);
  return { body, hash: createHash('sha512').update(body).digest('hex').toUpperCase() };
}

function build(registry: ResourceTypeRegistry, store: ObjectStore, kubernetesVersion: string): OpenApiDocuments {
  const documents = new Map<string, Json>();
  for (const { group, versions } of registry.groups()) {
    for (const version of versions) documents.set(group === '' ? `api/${version}` : `apis/${group}/${version}`, groupVersionDocument(registry, store, group, version, kubernetesVersion));
  }
  const v3 = new Map([...documents].map(([key, document]) => [key, publish(document)]));
  const index = { paths: Object.fromEntries([...v3].map(([key, published]) => [key, { serverRelativeURL: `/openapi/v3/${key}?hash=${published.hash}` }])) };
  let swagger: Json | undefined;
  let v2: PublishedDocument | undefined;
  let v2Protobuf: PublishedDocument | undefined;
  const swaggerJson = (): Json => (swagger ??= swaggerDocument(documents, kubernetesVersion));
  const v2Json = (): PublishedDocument => (v2 ??= publish(swaggerJson()));
  return {
    v3Index: publish(index),
    v3,
    v2: v2Json,
    v2Protobuf: () => (v2Protobuf ??= { body: encodeSwaggerDocument(swaggerJson()), hash: v2Json().hash }),
  };
}

/** What the documents depend on: the served types and the CRDs' versions. */
function signatureOf(registry: ResourceTypeRegistry, store: ObjectStore): string {
  const parts: string[] = [];
  for (const type of registry.all()) {
    parts.push(`${type.group}/${type.version}/${type.resource}/${type.kind}/${type.verbs.join(',')}/${type.subresources.join(',')}`);
    if (registry.customResourceGroups.has(type.group)) {
      parts.push(String(store.get(CRD_GROUP_RESOURCE, undefined, `${type.resource}.${type.group}`)?.metadata.resourceVersion));
    }
  }
  return parts.join('|');
}

const cache = new WeakMap<ResourceTypeRegistry, { signature: string; kubernetesVersion: string; documents: OpenApiDocuments }>();

/**
 * The documents of a cluster, built once and rebuilt only when the served types or a CRD change
 * (kinds found in the store are served at run time).
 */
export function openApiDocuments(registry: ResourceTypeRegistry, store: ObjectStore, kubernetesVersion: string): OpenApiDocuments {
  const signature = signatureOf(registry, store);
  const cached = cache.get(registry);
  if (cached && cached.signature === signature && cached.kubernetesVersion === kubernetesVersion) return cached.documents;
  const documents = build(registry, store, kubernetesVersion);
  cache.set(registry, { signature, kubernetesVersion, documents });
  return documents;
}
