import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../store/types.js';

/**
 * kube-apiserver's own validation of the built-in kinds an installation applies (Deployment,
 * Service, ServiceAccount, PodDisruptionBudget, RBAC, PersistentVolumeClaim, Secret, ConfigMap,
 * Namespace), the part that decides whether `kubectl apply --dry-run=server` accepts a manifest:
 * required fields, types, ranges, enums and the cross-field rules people get wrong (a selector
 * that does not match the template, a mount of a volume that is not there). Not every rule
 * Kubernetes has; enough that a wrong manifest is refused and not stored.
 */

export interface BuiltInProblem {
  field: string;
  detail: string;
  reason: 'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueNotSupported' | 'FieldValueTypeInvalid' | 'FieldValueTooLong' | 'FieldValueForbidden';
}

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;

class Checker {
  readonly problems: BuiltInProblem[] = [];

  required(field: string): void {
    this.problems.push({ field, detail: 'Required value', reason: 'FieldValueRequired' });
  }

  invalid(field: string, value: unknown, why: string): void {
    this.problems.push({ field, detail: `Invalid value: ${JSON.stringify(value)}: ${why}`, reason: 'FieldValueInvalid' });
  }

  unsupported(field: string, value: unknown, allowed: readonly string[]): void {
    this.problems.push({ field, detail: `Unsupported value: ${JSON.stringify(value)}: supported values: ${allowed.map((v) => `"${v}"`).join(', ')}`, reason: 'FieldValueNotSupported' });
  }

  type(field: string, value: unknown, expected: string): void {
    this.problems.push({ field, detail: `Invalid value: ${JSON.stringify(value)}: must be of type ${expected}`, reason: 'FieldValueTypeInvalid' });
  }

  /** An optional value of a JSON type; false when it is present and of another type. */
  ofType(field: string, value: unknown, expected: 'string' | 'integer' | 'boolean' | 'object' | 'array'): boolean {
    if (value === undefined || value === null) return true;
    const ok =
      expected === 'integer' ? Number.isInteger(value) : expected === 'object' ? isObj(value) : expected === 'array' ? Array.isArray(value) : typeof value === expected;
    if (!ok) this.type(field, value, expected);
    return ok;
  }

  nonNegative(field: string, value: unknown): void {
    if (this.ofType(field, value, 'integer') && typeof value === 'number' && value < 0) this.invalid(field, value, 'must be greater than or equal to 0');
  }

  port(field: string, value: unknown, names = false): void {
    if (value === undefined) return this.required(field);
    if (typeof value === 'string' && names) {
      if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value) || value.length > 15) this.invalid(field, value, 'must be a port name (IANA_SVC_NAME) or number');
      return;
    }
    if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 65535) this.invalid(field, value, 'must be between 1 and 65535, inclusive');
  }

  quantity(field: string, value: unknown): void {
    if (typeof value === 'number') return;
    if (typeof value !== 'string' || !QUANTITY.test(value)) this.invalid(field, value, "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
  }

  enumOf(field: string, value: unknown, allowed: readonly string[]): void {
    if (value === undefined) return;
    if (typeof value !== 'string' || !allowed.includes(value)) this.unsupported(field, value, allowed);
  }

  stringMap(field: string, value: unknown): void {
    if (!this.ofType(field, value, 'object') || !isObj(value)) return;
    for (const [key, entry] of Object.entries(value)) if (typeof entry !== 'string') this.type(`${field}[${key}]`, entry, 'string');
  }
}

function labelSelector(c: Checker, field: string, selector: unknown, requiredSelector: boolean): Obj | undefined {
  if (selector === undefined) {
    if (requiredSelector) c.required(field);
    return undefined;
  }
  if (!c.ofType(field, selector, 'object') || !isObj(selector)) return undefined;
  c.stringMap(`${field}.matchLabels`, selector.matchLabels);
  if (c.ofType(`${field}.matchExpressions`, selector.matchExpressions, 'array') && Array.isArray(selector.matchExpressions)) {
    selector.matchExpressions.forEach((expression, index) => {
      const at = `${field}.matchExpressions[${index}]`;
      if (!isObj(expression)) return c.type(at, expression, 'object');
      if (typeof expression.key !== 'string' || expression.key === '') c.required(`${at}.key`);
      c.enumOf(`${at}.operator`, expression.operator ?? '', ['In', 'NotIn', 'Exists', 'DoesNotExist']);
    });
  }
  const empty = !isObj(selector.matchLabels) && !Array.isArray(selector.matchExpressions);
  if (requiredSelector && empty) c.invalid(field, selector, 'empty selector is invalid for deployment');
  return selector;
}

/** Does a selector's matchLabels part match labels (matchExpressions are not simulated)? */
function selectorMatches(selector: Obj, labels: unknown): boolean {
  const wanted = isObj(selector.matchLabels) ? selector.matchLabels : {};
  const have = isObj(labels) ? labels : {};
  return Object.entries(wanted).every(([key, value]) => have[key] === value);
}

const PROBE_HANDLERS = ['httpGet', 'tcpSocket', 'exec', 'grpc'] as const;

function probe(c: Checker, field: string, value: unknown): void {
  if (value === undefined) return;
  if (!c.ofType(field, value, 'object') || !isObj(value)) return;
  const handlers = PROBE_HANDLERS.filter((name) => value[name] !== undefined);
  if (handlers.length !== 1) c.required(`${field}${handlers.length === 0 ? '' : `.${handlers[1]}`}`);
  if (isObj(value.httpGet)) {
    c.port(`${field}.httpGet.port`, value.httpGet.port, true);
    if (value.httpGet.path !== undefined && (typeof value.httpGet.path !== 'string' || !value.httpGet.path.startsWith('/'))) c.invalid(`${field}.httpGet.path`, value.httpGet.path, 'must be an absolute path');
    c.enumOf(`${field}.httpGet.scheme`, value.httpGet.scheme, ['HTTP', 'HTTPS']);
  }
  if (isObj(value.tcpSocket)) c.port(`${field}.tcpSocket.port`, value.tcpSocket.port, true);
  for (const key of ['initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold', 'successThreshold', 'terminationGracePeriodSeconds']) c.nonNegative(`${field}.${key}`, value[key]);
}

function securityContext(c: Checker, field: string, value: unknown): void {
  if (!c.ofType(field, value, 'object') || !isObj(value)) return;
  for (const key of ['runAsNonRoot', 'readOnlyRootFilesystem', 'allowPrivilegeEscalation', 'privileged']) c.ofType(`${field}.${key}`, value[key], 'boolean');
  for (const key of ['runAsUser', 'runAsGroup', 'fsGroup']) c.nonNegative(`${field}.${key}`, value[key]);
  if (value.runAsNonRoot === true && value.runAsUser === 0) c.invalid(`${field}.runAsUser`, 0, 'cannot run as root when runAsNonRoot is true');
  if (value.privileged === true && value.allowPrivilegeEscalation === false) c.invalid(`${field}`, value, 'cannot set allowPrivilegeEscalation to false and privileged to true');
  if (value.capabilities !== undefined && c.ofType(`${field}.capabilities`, value.capabilities, 'object') && isObj(value.capabilities)) {
    for (const key of ['add', 'drop']) {
      const list = value.capabilities[key];
      if (c.ofType(`${field}.capabilities.${key}`, list, 'array') && Array.isArray(list)) list.forEach((entry, index) => c.ofType(`${field}.capabilities.${key}[${index}]`, entry, 'string'));
    }
  }
  if (isObj(value.seccompProfile)) {
    c.enumOf(`${field}.seccompProfile.type`, value.seccompProfile.type ?? '', ['RuntimeDefault', 'Unconfined', 'Localhost']);
    if (value.seccompProfile.type === 'Localhost' && typeof value.seccompProfile.localhostProfile !== 'string') c.required(`${field}.seccompProfile.localhostProfile`);
  }
}

function envVars(c: Checker, field: string, value: unknown): void {
  if (!c.ofType(field, value, 'array') || !Array.isArray(value)) return;
  value.forEach((entry, index) => {
    const at = `${field}[${index}]`;
    if (!isObj(entry)) return c.type(at, entry, 'object');
    if (typeof entry.name !== 'string' || entry.name === '') c.required(`${at}.name`);
    if (entry.value !== undefined && entry.valueFrom !== undefined) c.invalid(`${at}.valueFrom`, '', 'may not be specified when `value` is not empty');
    c.ofType(`${at}.value`, entry.value, 'string');
    if (isObj(entry.valueFrom)) {
      const sources = ['secretKeyRef', 'configMapKeyRef', 'fieldRef', 'resourceFieldRef'].filter((name) => (entry.valueFrom as Obj)[name] !== undefined);
      if (sources.length !== 1) c.invalid(`${at}.valueFrom`, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`');
      for (const ref of ['secretKeyRef', 'configMapKeyRef']) {
        const keyRef = (entry.valueFrom as Obj)[ref];
        if (isObj(keyRef)) {
          if (typeof keyRef.key !== 'string' || keyRef.key === '') c.required(`${at}.valueFrom.${ref}.key`);
          if (typeof keyRef.name !== 'string' || keyRef.name === '') c.required(`${at}.valueFrom.${ref}.name`);
        }
      }
    }
  });
}

function resources(c: Checker, field: string, value: unknown): void {
  if (!c.ofType(field, value, 'object') || !isObj(value)) return;
  for (const part of ['requests', 'limits']) {
    const entries = value[part];
    if (c.ofType(`${field}.${part}`, entries, 'object') && isObj(entries)) for (const [name, quantity] of Object.entries(entries)) c.quantity(`${field}.${part}[${name}]`, quantity);
  }
}

function containers(c: Checker, field: string, value: unknown, volumes: Set<string>, required: boolean): void {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) {
    if (required) c.required(field);
    return;
  }
  if (!c.ofType(field, value, 'array') || !Array.isArray(value)) return;
  const names = new Set<string>();
  value.forEach((container, index) => {
    const at = `${field}[${index}]`;
    if (!isObj(container)) return c.type(at, container, 'object');
    if (typeof container.name !== 'string' || container.name === '') c.required(`${at}.name`);
    else if (!DNS_LABEL.test(container.name)) c.invalid(`${at}.name`, container.name, 'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\'');
    else if (names.has(container.name)) c.problems.push({ field: `${at}.name`, detail: `Duplicate value: "${container.name}"`, reason: 'FieldValueInvalid' });
    else names.add(container.name);
    if (typeof container.image !== 'string' || container.image.trim() === '') c.required(`${at}.image`);
    c.enumOf(`${at}.imagePullPolicy`, container.imagePullPolicy, ['Always', 'IfNotPresent', 'Never']);
    for (const key of ['command', 'args']) c.ofType(`${at}.${key}`, container[key], 'array');
    if (c.ofType(`${at}.ports`, container.ports, 'array') && Array.isArray(container.ports)) {
      container.ports.forEach((port, portIndex) => {
        if (!isObj(port)) return c.type(`${at}.ports[${portIndex}]`, port, 'object');
        c.port(`${at}.ports[${portIndex}].containerPort`, port.containerPort);
        c.enumOf(`${at}.ports[${portIndex}].protocol`, port.protocol, ['TCP', 'UDP', 'SCTP']);
      });
    }
    envVars(c, `${at}.env`, container.env);
    if (c.ofType(`${at}.envFrom`, container.envFrom, 'array') && Array.isArray(container.envFrom)) {
      container.envFrom.forEach((source, sourceIndex) => {
        if (!isObj(source) || (source.configMapRef === undefined) === (source.secretRef === undefined)) c.invalid(`${at}.envFrom[${sourceIndex}]`, '', 'must specify one of: `configMapRef` or `secretRef`');
      });
    }
    for (const name of ['livenessProbe', 'readinessProbe', 'startupProbe']) probe(c, `${at}.${name}`, container[name]);
    resources(c, `${at}.resources`, container.resources);
    if (container.securityContext !== undefined) securityContext(c, `${at}.securityContext`, container.securityContext);
    if (c.ofType(`${at}.volumeMounts`, container.volumeMounts, 'array') && Array.isArray(container.volumeMounts)) {
      container.volumeMounts.forEach((mount, mountIndex) => {
        const mountAt = `${at}.volumeMounts[${mountIndex}]`;
        if (!isObj(mount)) return c.type(mountAt, mount, 'object');
        if (typeof mount.name !== 'string' || !volumes.has(mount.name)) c.problems.push({ field: `${mountAt}.name`, detail: `Not found: ${JSON.stringify(mount.name)}`, reason: 'FieldValueInvalid' });
        if (typeof mount.mountPath !== 'string' || mount.mountPath === '') c.required(`${mountAt}.mountPath`);
      });
    }
  });
}

const VOLUME_SOURCES = ['emptyDir', 'persistentVolumeClaim', 'secret', 'configMap', 'projected', 'hostPath', 'downwardAPI', 'csi', 'ephemeral', 'nfs', 'azureDisk', 'azureFile', 'image'];

function podSpec(c: Checker, field: string, spec: unknown): void {
  if (spec === undefined) return c.required(field);
  if (!c.ofType(field, spec, 'object') || !isObj(spec)) return;
  const volumes = new Set<string>();
  if (c.ofType(`${field}.volumes`, spec.volumes, 'array') && Array.isArray(spec.volumes)) {
    spec.volumes.forEach((volume, index) => {
      const at = `${field}.volumes[${index}]`;
      if (!isObj(volume)) return c.type(at, volume, 'object');
      if (typeof volume.name !== 'string' || !DNS_LABEL.test(volume.name)) c.invalid(`${at}.name`, volume.name, 'a lowercase RFC 1123 label is required');
      else volumes.add(volume.name);
      const sources = VOLUME_SOURCES.filter((source) => volume[source] !== undefined && volume[source] !== null);
      if (sources.length === 0) c.required(at);
      else if (sources.length > 1) c.problems.push({ field: `${at}.${sources[1]}`, detail: 'Forbidden: may not specify more than 1 volume type', reason: 'FieldValueInvalid' });
      const claim = volume.persistentVolumeClaim;
      if (isObj(claim) && (typeof claim.claimName !== 'string' || claim.claimName === '')) c.required(`${at}.persistentVolumeClaim.claimName`);
      if (isObj(volume.emptyDir) && volume.emptyDir.sizeLimit !== undefined) c.quantity(`${at}.emptyDir.sizeLimit`, volume.emptyDir.sizeLimit);
    });
  }
  containers(c, `${field}.containers`, spec.containers, volumes, true);
  containers(c, `${field}.initContainers`, spec.initContainers, volumes, false);
  c.enumOf(`${field}.restartPolicy`, spec.restartPolicy, ['Always', 'OnFailure', 'Never']);
  c.ofType(`${field}.serviceAccountName`, spec.serviceAccountName, 'string');
  c.ofType(`${field}.automountServiceAccountToken`, spec.automountServiceAccountToken, 'boolean');
  c.nonNegative(`${field}.terminationGracePeriodSeconds`, spec.terminationGracePeriodSeconds);
  if (spec.securityContext !== undefined) securityContext(c, `${field}.securityContext`, spec.securityContext);
}

function deployment(c: Checker, object: KubeObject): void {
  const spec = object.spec;
  if (!isObj(spec)) return c.required('spec');
  c.nonNegative('spec.replicas', spec.replicas);
  c.nonNegative('spec.revisionHistoryLimit', spec.revisionHistoryLimit);
  c.nonNegative('spec.minReadySeconds', spec.minReadySeconds);
  const selector = labelSelector(c, 'spec.selector', spec.selector, true);
  const template = spec.template;
  if (!isObj(template)) return c.required('spec.template');
  const labels = isObj(template.metadata) ? template.metadata.labels : undefined;
  if (selector && !selectorMatches(selector, labels)) c.invalid('spec.template.metadata.labels', labels ?? {}, '`selector` does not match template `labels`');
  if (isObj(spec.strategy)) {
    c.enumOf('spec.strategy.type', spec.strategy.type ?? 'RollingUpdate', ['Recreate', 'RollingUpdate']);
    if (spec.strategy.type === 'Recreate' && spec.strategy.rollingUpdate !== undefined) {
      c.problems.push({ field: 'spec.strategy.rollingUpdate', detail: "Forbidden: may not be specified when strategy `type` is 'Recreate'", reason: 'FieldValueInvalid' });
    }
  }
  podSpec(c, 'spec.template.spec', template.spec);
}

function service(c: Checker, object: KubeObject): void {
  const spec = isObj(object.spec) ? object.spec : {};
  const type = spec.type ?? 'ClusterIP';
  c.enumOf('spec.type', type, ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']);
  if (type === 'ExternalName') return;
  if (!Array.isArray(spec.ports) || spec.ports.length === 0) {
    if (spec.clusterIP !== 'None') c.required('spec.ports');
    return;
  }
  const ports: unknown[] = spec.ports;
  ports.forEach((port, index) => {
    const at = `spec.ports[${index}]`;
    if (!isObj(port)) return c.type(at, port, 'object');
    c.port(`${at}.port`, port.port);
    if (port.targetPort !== undefined) c.port(`${at}.targetPort`, port.targetPort, true);
    c.enumOf(`${at}.protocol`, port.protocol, ['TCP', 'UDP', 'SCTP']);
    if (ports.length > 1 && typeof port.name !== 'string') c.required(`${at}.name`);
  });
  c.stringMap('spec.selector', spec.selector);
}

function podDisruptionBudget(c: Checker, object: KubeObject): void {
  const spec = isObj(object.spec) ? object.spec : {};
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) c.invalid('spec', spec, 'minAvailable and maxUnavailable cannot be both set');
  for (const key of ['minAvailable', 'maxUnavailable']) {
    const value = spec[key];
    if (value === undefined) continue;
    if (typeof value === 'string' ? !/^\d+%$/.test(value) : !Number.isInteger(value) || (value as number) < 0) c.invalid(`spec.${key}`, value, 'must be a non-negative integer or a percentage');
  }
  labelSelector(c, 'spec.selector', spec.selector, false);
}

function persistentVolumeClaim(c: Checker, object: KubeObject): void {
  const spec = isObj(object.spec) ? object.spec : {};
  const modes = spec.accessModes;
  if (!Array.isArray(modes) || modes.length === 0) c.required('spec.accessModes');
  else modes.forEach((mode, index) => c.enumOf(`spec.accessModes[${index}]`, mode, ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod']));
  const storage = isObj(spec.resources) && isObj(spec.resources.requests) ? spec.resources.requests.storage : undefined;
  if (storage === undefined) c.required('spec.resources[storage]');
  else c.quantity('spec.resources[storage]', storage);
}

function clusterRole(c: Checker, object: KubeObject): void {
  const rules = (object as Obj).rules;
  if (!c.ofType('rules', rules, 'array') || !Array.isArray(rules)) return;
  rules.forEach((rule, index) => {
    const at = `rules[${index}]`;
    if (!isObj(rule)) return c.type(at, rule, 'object');
    if (!Array.isArray(rule.verbs) || rule.verbs.length === 0) c.required(`${at}.verbs`);
    const hasResources = Array.isArray(rule.resources) && rule.resources.length > 0;
    if (hasResources && !Array.isArray(rule.apiGroups)) c.required(`${at}.apiGroups`);
    if (!hasResources && !Array.isArray(rule.nonResourceURLs)) c.required(`${at}.resources`);
    for (const key of ['apiGroups', 'resources', 'verbs', 'resourceNames']) {
      const list = rule[key];
      if (c.ofType(`${at}.${key}`, list, 'array') && Array.isArray(list)) list.forEach((entry, entryIndex) => c.ofType(`${at}.${key}[${entryIndex}]`, entry, 'string'));
    }
  });
}

function roleBinding(c: Checker, object: KubeObject, clusterScoped: boolean): void {
  const ref = (object as Obj).roleRef;
  if (!isObj(ref)) c.required('roleRef');
  else {
    if (ref.apiGroup !== 'rbac.authorization.k8s.io') c.unsupported('roleRef.apiGroup', ref.apiGroup, ['rbac.authorization.k8s.io']);
    c.enumOf('roleRef.kind', ref.kind ?? '', clusterScoped ? ['ClusterRole'] : ['Role', 'ClusterRole']);
    if (typeof ref.name !== 'string' || ref.name === '') c.required('roleRef.name');
  }
  const subjects = (object as Obj).subjects;
  if (!c.ofType('subjects', subjects, 'array') || !Array.isArray(subjects)) return;
  subjects.forEach((subject, index) => {
    const at = `subjects[${index}]`;
    if (!isObj(subject)) return c.type(at, subject, 'object');
    c.enumOf(`${at}.kind`, subject.kind ?? '', ['ServiceAccount', 'User', 'Group']);
    if (typeof subject.name !== 'string' || subject.name === '') c.required(`${at}.name`);
    if (subject.kind === 'ServiceAccount' && clusterScoped && (typeof subject.namespace !== 'string' || subject.namespace === '')) c.required(`${at}.namespace`);
  });
}

/** Secret data keys: what `validation.IsConfigMapKey` accepts. */
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const CONFIG_KEY_MESSAGE = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
/** core.MaxSecretSize: the decoded bytes of all data values together. */
const MAX_SECRET_SIZE = 1024 * 1024;

function configKeyProblems(key: string): string[] {
  const problems: string[] = [];
  if (key.length > 253) problems.push('must be no more than 253 characters');
  if (!CONFIG_KEY.test(key)) problems.push(CONFIG_KEY_MESSAGE);
  if (key === '.') problems.push("must not be '.'");
  else if (key === '..') problems.push("must not be '..'");
  else if (key.startsWith('..')) problems.push("must not start with '..'");
  return problems;
}

/** What Go's json.Unmarshal into a map says of a docker config that is not a JSON object (empty when it is one). */
function jsonObjectProblem(bytes: Buffer): string | undefined {
  const text = bytes.toString('utf8');
  if (text.trim() === '') return 'unexpected end of JSON input';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const first = text.trimStart()[0] ?? '';
    return /[[{"\-0-9tfn]/.test(first) ? 'unexpected end of JSON input' : `invalid character '${first}' looking for beginning of value`;
  }
  if (isObj(parsed)) return undefined;
  const type = parsed === null ? undefined : Array.isArray(parsed) ? 'array' : typeof parsed === 'boolean' ? 'bool' : typeof parsed;
  return type ? `json: cannot unmarshal ${type} into Go value of type map[string]interface {}` : undefined;
}

/**
 * kube-apiserver's ValidateSecret, on the Secret as decoded (secret-data.ts: `data` canonical
 * base64 with `stringData` merged in): data keys, total size, and what each well-known type
 * requires of its data.
 */
function secret(c: Checker, object: KubeObject): void {
  const data = isObj((object as Obj).data) ? ((object as Obj).data as Obj) : {};
  let size = 0;
  const bytes = new Map<string, Buffer>();
  for (const [key, value] of Object.entries(data)) {
    for (const problem of configKeyProblems(key)) c.invalid(`data[${key}]`, key, problem);
    const decoded = Buffer.from(typeof value === 'string' ? value : '', 'base64');
    bytes.set(key, decoded);
    size += decoded.length;
  }
  if (size > MAX_SECRET_SIZE) c.problems.push({ field: 'data', detail: `Too long: may not be more than ${MAX_SECRET_SIZE} bytes`, reason: 'FieldValueTooLong' });
  const type = (object as Obj).type;
  const required = (key: string) => c.required(`data[${key}]`);
  switch (type) {
    case 'kubernetes.io/service-account-token': {
      const annotations = isObj(object.metadata?.annotations) ? object.metadata.annotations : {};
      if (!annotations['kubernetes.io/service-account.name']) c.required('metadata.annotations[kubernetes.io/service-account.name]');
      break;
    }
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const key = type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      const config = bytes.get(key);
      if (!config) {
        required(key);
        break;
      }
      const problem = jsonObjectProblem(config);
      if (problem) c.problems.push({ field: `data[${key}]`, detail: `Invalid value: "<secret contents redacted>": ${problem}`, reason: 'FieldValueInvalid' });
      break;
    }
    case 'kubernetes.io/basic-auth':
      // Either may be empty, but one must be there.
      if (!bytes.has('username') && !bytes.has('password')) {
        required('username');
        required('password');
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if ((bytes.get('ssh-privatekey')?.length ?? 0) === 0) required('ssh-privatekey');
      break;
    case 'kubernetes.io/tls':
      if (!bytes.has('tls.crt')) required('tls.crt');
      if (!bytes.has('tls.key')) required('tls.key');
      break;
    default:
  }
}

/** ValidateSecretUpdate's own rules: `type` never changes; an immutable Secret keeps its data and stays immutable. */
function secretUpdate(c: Checker, object: KubeObject, previous: KubeObject): void {
  const type = (object as Obj).type;
  if (type !== (previous as Obj).type) c.invalid('type', type, 'field is immutable');
  if ((previous as Obj).immutable === true) {
    const forbidden = (field: string) => c.problems.push({ field, detail: 'Forbidden: field is immutable when `immutable` is set', reason: 'FieldValueForbidden' });
    if ((object as Obj).immutable !== true) forbidden('immutable');
    if (!isDeepStrictEqual((object as Obj).data ?? {}, (previous as Obj).data ?? {})) forbidden('data');
  }
}

function namespace(c: Checker, object: KubeObject): void {
  const name = object.metadata?.name;
  if (typeof name === 'string' && (name.length > 63 || !DNS_LABEL.test(name))) c.invalid('metadata.name', name, 'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\'');
}

const CHECKS: Record<string, (c: Checker, object: KubeObject) => void> = {
  'apps/Deployment': deployment,
  '/Service': service,
  '/ServiceAccount': (c, object) => c.ofType('automountServiceAccountToken', (object as Obj).automountServiceAccountToken, 'boolean'),
  'policy/PodDisruptionBudget': podDisruptionBudget,
  '/PersistentVolumeClaim': persistentVolumeClaim,
  'rbac.authorization.k8s.io/ClusterRole': clusterRole,
  'rbac.authorization.k8s.io/Role': clusterRole,
  'rbac.authorization.k8s.io/ClusterRoleBinding': (c, object) => roleBinding(c, object, true),
  'rbac.authorization.k8s.io/RoleBinding': (c, object) => roleBinding(c, object, false),
  '/Secret': secret,
  '/ConfigMap': (c, object) => c.stringMap('data', (object as Obj).data),
  '/Namespace': namespace,
};

/** What kube-apiserver would refuse in a built-in object (empty: valid, or a kind not checked here). */
export function builtInKindProblems(group: string, kind: string, object: KubeObject): BuiltInProblem[] {
  const check = CHECKS[`${group}/${kind}`];
  if (!check) return [];
  const checker = new Checker();
  check(checker, object);
  return checker.problems;
}

const UPDATE_CHECKS: Record<string, (c: Checker, object: KubeObject, previous: KubeObject) => void> = {
  '/Secret': secretUpdate,
};

/** What kube-apiserver refuses in an update only (immutable fields), comparing with the stored object. */
export function builtInUpdateProblems(group: string, kind: string, object: KubeObject, previous: KubeObject): BuiltInProblem[] {
  const check = UPDATE_CHECKS[`${group}/${kind}`];
  if (!check) return [];
  const checker = new Checker();
  check(checker, object, previous);
  return checker.problems;
}

const DEPLOYMENT_SPEC_FIELDS = new Set(['replicas', 'selector', 'template', 'strategy', 'minReadySeconds', 'revisionHistoryLimit', 'paused', 'progressDeadlineSeconds']);
const CONTAINER_FIELDS = new Set([
  'name', 'image', 'command', 'args', 'workingDir', 'ports', 'envFrom', 'env', 'resources', 'resizePolicy', 'restartPolicy', 'restartPolicyRules', 'volumeMounts', 'volumeDevices',
  'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle', 'terminationMessagePath', 'terminationMessagePolicy', 'imagePullPolicy', 'securityContext', 'stdin', 'stdinOnce', 'tty',
]);

/**
 * Fields of a Deployment that its schema does not have, at the levels people mistype (the spec,
 * containers), as `fieldValidation=Strict` reports them (`spec.replicaz`).
 */
export function unknownBuiltInFields(group: string, kind: string, object: KubeObject): string[] {
  if (group !== 'apps' || kind !== 'Deployment' || !isObj(object.spec)) return [];
  const unknown = Object.keys(object.spec).filter((key) => !DEPLOYMENT_SPEC_FIELDS.has(key)).map((key) => `spec.${key}`);
  const podSpec = isObj(object.spec.template) && isObj(object.spec.template.spec) ? object.spec.template.spec : {};
  for (const list of ['containers', 'initContainers']) {
    const entries = podSpec[list];
    if (!Array.isArray(entries)) continue;
    entries.forEach((container, index) => {
      if (isObj(container)) for (const key of Object.keys(container)) if (!CONTAINER_FIELDS.has(key)) unknown.push(`spec.template.spec.${list}[${index}].${key}`);
    });
  }
  return unknown;
}
