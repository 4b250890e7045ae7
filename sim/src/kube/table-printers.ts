/**
 * The columns `kubectl get` prints, computed server-side as kube-apiserver does: the built-in
 * kinds' printers (k8s.io/kubernetes pkg/printers/internalversion), a CRD version's
 * `additionalPrinterColumns` (apiextensions-apiserver's tableconvertor), and Name + Age for the rest.
 */
import { JSONPath } from 'jsonpath-plus';
import type { KubeObject } from '../store/types.js';
import type { ServedResourceType } from './resource-types.js';

/** meta.k8s.io/v1 TableColumnDefinition (every field is always written). */
export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  /** 0: always shown; 1 and more: only with `kubectl get -o wide`. */
  priority: number;
}

export interface TablePrinter {
  columns: TableColumnDefinition[];
  /** One cell per column, for a stored object; ages are measured from `now`. */
  cells(object: KubeObject, now: number): unknown[];
}

type Json = Record<string, unknown>;

const NAME_DESCRIPTION =
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names';
const AGE_DESCRIPTION =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.';

function column(name: string, type: string, description: string, extra: { format?: string; priority?: number } = {}): TableColumnDefinition {
  return { name, type, format: extra.format ?? '', description, priority: extra.priority ?? 0 };
}

const NAME_COLUMN = column('Name', 'string', NAME_DESCRIPTION, { format: 'name' });
const AGE_COLUMN = column('Age', 'string', AGE_DESCRIPTION);

/** Go's `duration.HumanDuration`: `45s`, `3m20s`, `2h5m`, `4d3h`, `2y30d` … */
export function humanDuration(milliseconds: number): string {
  const seconds = Math.floor(milliseconds / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  const withRemainder = (whole: number, unit: string, rest: number, restUnit: string): string => (rest === 0 ? `${whole}${unit}` : `${whole}${unit}${rest}${restUnit}`);
  if (minutes < 10) return withRemainder(minutes, 'm', seconds % 60, 's');
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return withRemainder(hours, 'h', minutes % 60, 'm');
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 8) return withRemainder(days, 'd', hours % 24, 'h');
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.floor(days / 365);
  if (hours < 24 * 365 * 8) return withRemainder(years, 'y', days % 365, 'd');
  return `${years}y`;
}

/** How long ago a timestamp was, `<unknown>` when unset (kube-apiserver's translateTimestampSince). */
export function ageSince(timestamp: unknown, now: number): string {
  if (typeof timestamp !== 'string' || timestamp === '') return '<unknown>';
  const time = Date.parse(timestamp);
  return Number.isNaN(time) ? '<invalid>' : humanDuration(now - time);
}

function record(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function records(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(record) : [];
}

function orNone(value: unknown): string {
  return typeof value === 'string' && value !== '' ? value : '<none>';
}

function formatLabels(labels: unknown): string {
  const entries = Object.entries(record(labels));
  return entries.length === 0 ? '<none>' : entries.map(([key, value]) => `${key}=${String(value)}`).join(',');
}

function age(object: KubeObject, now: number): string {
  return ageSince(object.metadata.creationTimestamp, now);
}

/** Every kind without a printer of its own. */
const DEFAULT_PRINTER: TablePrinter = {
  columns: [NAME_COLUMN, AGE_COLUMN],
  cells: (object, now) => [object.metadata.name, age(object, now)],
};

/** The pod's STATUS as kubectl shows it: a container's waiting/terminated reason wins over the phase. */
function podStatus(pod: KubeObject, statuses: Json[]): string {
  const status = record(pod.status);
  let reason = typeof status.reason === 'string' && status.reason !== '' ? status.reason : typeof status.phase === 'string' ? status.phase : 'Unknown';
  for (const container of [...statuses].reverse()) {
    const state = record(container.state);
    const waiting = record(state.waiting);
    const terminated = record(state.terminated);
    if (typeof waiting.reason === 'string' && waiting.reason !== '') reason = waiting.reason;
    else if (typeof terminated.reason === 'string' && terminated.reason !== '') reason = terminated.reason;
    else if (state.terminated !== undefined) reason = terminated.signal ? `Signal:${String(terminated.signal)}` : `ExitCode:${String(terminated.exitCode)}`;
  }
  if (pod.metadata.deletionTimestamp) reason = status.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  return reason;
}

const POD_PRINTER: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column('Restarts', 'string', 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
    AGE_COLUMN,
    column('IP', 'string', 'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.', { priority: 1 }),
    column('Node', 'string', 'NodeName is a request to schedule this pod onto a specific node.', { priority: 1 }),
    column('Nominated Node', 'string', 'nominatedNodeName is set only when this pod preempts other pods on the node.', { priority: 1 }),
    column('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness.', { priority: 1 }),
  ],
  cells(pod, now) {
    const spec = record(pod.spec);
    const status = record(pod.status);
    const statuses = records(status.containerStatuses);
    const ready = statuses.filter((container) => container.ready === true && record(container.state).running !== undefined).length;
    const restarts = statuses.reduce((sum, container) => sum + (typeof container.restartCount === 'number' ? container.restartCount : 0), 0);
    const lastRestart = statuses
      .map((container) => record(record(container.lastState).terminated).finishedAt)
      .filter((finishedAt): finishedAt is string => typeof finishedAt === 'string')
      .sort()
      .at(-1);
    const gates = records(spec.readinessGates);
    const conditions = records(status.conditions);
    const gatesPassed = gates.filter((gate) => conditions.some((condition) => condition.type === gate.conditionType && condition.status === 'True')).length;
    return [
      pod.metadata.name,
      `${ready}/${records(spec.containers).length}`,
      podStatus(pod, statuses),
      lastRestart ? `${restarts} (${ageSince(lastRestart, now)} ago)` : String(restarts),
      age(pod, now),
      orNone(status.podIP),
      orNone(spec.nodeName),
      orNone(status.nominatedNodeName),
      gates.length === 0 ? '<none>' : `${gatesPassed}/${gates.length}`,
    ];
  },
};

function count(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

const DEPLOYMENT_PRINTER: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column('Ready', 'string', 'Number of the pod with ready state'),
    column('Up-to-date', 'integer', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    column('Available', 'integer', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    AGE_COLUMN,
    column('Containers', 'string', 'Names of each container in the template.', { priority: 1 }),
    column('Images', 'string', 'Images referenced by each container in the template.', { priority: 1 }),
    column('Selector', 'string', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.', { priority: 1 }),
  ],
  cells(deployment, now) {
    const spec = record(deployment.spec);
    const status = record(deployment.status);
    const containers = records(record(record(spec.template).spec).containers);
    const desired = typeof spec.replicas === 'number' ? spec.replicas : 1;
    return [
      deployment.metadata.name,
      `${count(status.readyReplicas)}/${desired}`,
      count(status.updatedReplicas),
      count(status.availableReplicas),
      age(deployment, now),
      containers.map((container) => String(container.name)).join(','),
      containers.map((container) => String(container.image)).join(','),
      formatLabels(record(spec.selector).matchLabels),
    ];
  },
};

const NAMESPACE_PRINTER: TablePrinter = {
  columns: [NAME_COLUMN, column('Status', 'string', 'The status of the namespace'), AGE_COLUMN],
  // kube-apiserver sets phase Active on create; the simulator's seeded namespaces may not have it.
  cells: (namespace, now) => [namespace.metadata.name, (record(namespace.status).phase as string | undefined) ?? 'Active', age(namespace, now)],
};

function nodeStatus(node: KubeObject): string {
  const ready = records(record(node.status).conditions).find((condition) => condition.type === 'Ready');
  const states = [ready === undefined ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady'];
  if (record(node.spec).unschedulable === true) states.push('SchedulingDisabled');
  return states.join(',');
}

/** `node-role.kubernetes.io/<role>` labels and the legacy `kubernetes.io/role` label. */
function nodeRoles(node: KubeObject): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith('node-role.kubernetes.io/') && key.length > 'node-role.kubernetes.io/'.length) roles.add(key.slice('node-role.kubernetes.io/'.length));
    else if (key === 'kubernetes.io/role' && value !== '') roles.add(value);
  }
  return roles.size === 0 ? '<none>' : [...roles].sort().join(',');
}

function nodeAddress(node: KubeObject, type: string): string {
  return orNone(records(record(node.status).addresses).find((address) => address.type === type)?.address);
}

function orUnknown(value: unknown): string {
  return typeof value === 'string' && value !== '' ? value : '<unknown>';
}

const NODE_PRINTER: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    AGE_COLUMN,
    column('Version', 'string', 'Kubelet Version reported by the node.'),
    column('Internal-IP', 'string', 'List of addresses reachable to the node. Queried from cloud provider, if available.', { priority: 1 }),
    column('External-IP', 'string', 'List of addresses reachable to the node. Queried from cloud provider, if available.', { priority: 1 }),
    column('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', { priority: 1 }),
    column('Kernel-Version', 'string', "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", { priority: 1 }),
    column('Container-Runtime', 'string', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', { priority: 1 }),
  ],
  cells(node, now) {
    const info = record(record(node.status).nodeInfo);
    return [
      node.metadata.name,
      nodeStatus(node),
      nodeRoles(node),
      age(node, now),
      String(info.kubeletVersion ?? ''),
      nodeAddress(node, 'InternalIP'),
      nodeAddress(node, 'ExternalIP'),
      orUnknown(info.osImage),
      orUnknown(info.kernelVersion),
      orUnknown(info.containerRuntimeVersion),
    ];
  },
};

function serviceExternalIp(spec: Json, status: Json): string {
  const externalIps = Array.isArray(spec.externalIPs) ? spec.externalIPs.map(String) : [];
  switch (spec.type ?? 'ClusterIP') {
    case 'LoadBalancer': {
      const ingress = records(record(status.loadBalancer).ingress).map((entry) => String(entry.ip ?? entry.hostname ?? ''));
      const all = [...ingress, ...externalIps].filter((address) => address !== '');
      return all.length > 0 ? all.join(',') : '<pending>';
    }
    case 'ExternalName':
      return String(spec.externalName ?? '<none>');
    default:
      return externalIps.length > 0 ? externalIps.join(',') : '<none>';
  }
}

function servicePorts(spec: Json): string {
  const ports = records(spec.ports).map((port) => `${String(port.port)}${port.nodePort ? `:${String(port.nodePort)}` : ''}/${String(port.protocol ?? 'TCP')}`);
  return ports.length > 0 ? ports.join(',') : '<none>';
}

const SERVICE_PRINTER: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column('Type', 'string', 'type determines how the Service is exposed.'),
    column('Cluster-IP', 'string', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    column('External-IP', 'string', 'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.'),
    column('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
    AGE_COLUMN,
    column('Selector', 'string', 'Route service traffic to pods with label keys and values matching this selector.', { priority: 1 }),
  ],
  cells(service, now) {
    const spec = record(service.spec);
    return [
      service.metadata.name,
      String(spec.type ?? 'ClusterIP'),
      orNone(spec.clusterIP),
      serviceExternalIp(spec, record(service.status)),
      servicePorts(spec),
      age(service, now),
      formatLabels(spec.selector),
    ];
  },
};

/** Core Events (also what events.k8s.io/v1 serves: the store holds core Events). */
const EVENT_PRINTER: TablePrinter = {
  columns: [
    column('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
    column('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
    column('Reason', 'string', 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'),
    column('Object', 'string', 'The object that this event is about.'),
    column('Subobject', 'string', 'The field of the object this event is about.', { priority: 1 }),
    column('Source', 'string', 'The component reporting this event.', { priority: 1 }),
    column('Message', 'string', 'A human-readable description of the status of this operation.'),
    column('First Seen', 'string', 'The time at which the event was first recorded.', { priority: 1 }),
    column('Count', 'string', 'The number of times this event has occurred.', { priority: 1 }),
    column('Name', 'string', NAME_DESCRIPTION, { priority: 1 }),
  ],
  cells(event, now) {
    const involved = record(event.involvedObject);
    const source = record(event.source);
    const series = record(event.series);
    const firstSeen = ageSince(event.firstTimestamp || event.eventTime, now);
    const lastSeen = event.series ? ageSince(series.lastObservedTime, now) : event.lastTimestamp ? ageSince(event.lastTimestamp, now) : firstSeen;
    const kind = String(involved.kind ?? '').toLowerCase();
    const reporter = [source.component || event.reportingComponent, source.host || event.reportingInstance].filter((part) => typeof part === 'string' && part !== '').join(', ');
    return [
      lastSeen,
      event.type ?? '',
      event.reason ?? '',
      involved.name ? `${kind}/${String(involved.name)}` : kind,
      involved.fieldPath ?? '',
      reporter,
      String(event.message ?? '').trim(),
      firstSeen,
      event.series ? count(series.count) : Math.max(count(event.count), 1),
      event.metadata.name,
    ];
  },
};

/** Secrets: TYPE and the number of `data` keys (kubectl's DATA). */
const SECRET_PRINTER: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column('Type', 'string', 'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types'),
    column('Data', 'string', "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4"),
    AGE_COLUMN,
  ],
  cells: (secret, now) => [secret.metadata.name, String(secret.type ?? ''), Object.keys(record(secret.data)).length, age(secret, now)],
};

/** ConfigMaps: the number of `data` and `binaryData` keys. */
const CONFIG_MAP_PRINTER: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column('Data', 'string', "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process."),
    AGE_COLUMN,
  ],
  cells: (configMap, now) => [configMap.metadata.name, Object.keys(record(configMap.data)).length + Object.keys(record(configMap.binaryData)).length, age(configMap, now)],
};

function containerCells(template: unknown): [string, string] {
  const containers = records(record(record(template).spec).containers);
  return [containers.map((container) => String(container.name)).join(','), containers.map((container) => String(container.image)).join(',')];
}

/** A label selector as kubectl prints it (`app=web,tier in (a,b)`), `<none>` when empty. */
function formatSelector(selector: unknown): string {
  const parts = Object.entries(record(record(selector).matchLabels)).map(([key, value]) => `${key}=${String(value)}`);
  for (const expression of records(record(selector).matchExpressions)) {
    const values = Array.isArray(expression.values) ? expression.values.map(String).join(',') : '';
    const key = String(expression.key ?? '');
    switch (expression.operator) {
      case 'In':
        parts.push(`${key} in (${values})`);
        break;
      case 'NotIn':
        parts.push(`${key} notin (${values})`);
        break;
      case 'Exists':
        parts.push(key);
        break;
      case 'DoesNotExist':
        parts.push(`!${key}`);
        break;
      default:
        break;
    }
  }
  return parts.length === 0 ? '<none>' : parts.join(',');
}

const CONTAINERS_COLUMN = column('Containers', 'string', 'The containers of the pod template, by name.', { priority: 1 });
const IMAGES_COLUMN = column('Images', 'string', 'The images of the pod template\'s containers.', { priority: 1 });
const SELECTOR_COLUMN = column('Selector', 'string', 'The label selector choosing the pods.', { priority: 1 });

const REPLICA_SET_PRINTER: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column('Desired', 'integer', 'How many pods the ReplicaSet should run.'),
    column('Current', 'integer', 'How many pods the ReplicaSet runs.'),
    column('Ready', 'integer', 'How many of its pods are ready.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    SELECTOR_COLUMN,
  ],
  cells(replicaSet, now) {
    const spec = record(replicaSet.spec);
    const status = record(replicaSet.status);
    return [replicaSet.metadata.name, typeof spec.replicas === 'number' ? spec.replicas : 1, count(status.replicas), count(status.readyReplicas), age(replicaSet, now), ...containerCells(spec.template), formatSelector(spec.selector)];
  },
};

const STATEFUL_SET_PRINTER: TablePrinter = {
  columns: [NAME_COLUMN, column('Ready', 'string', 'Ready pods out of the desired replicas.'), AGE_COLUMN, CONTAINERS_COLUMN, IMAGES_COLUMN],
  cells(statefulSet, now) {
    const spec = record(statefulSet.spec);
    const desired = typeof spec.replicas === 'number' ? spec.replicas : 1;
    return [statefulSet.metadata.name, `${count(record(statefulSet.status).readyReplicas)}/${desired}`, age(statefulSet, now), ...containerCells(spec.template)];
  },
};

const DAEMON_SET_PRINTER: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column('Desired', 'integer', 'Nodes that should run the daemon pod.'),
    column('Current', 'integer', 'Nodes running at least one daemon pod.'),
    column('Ready', 'integer', 'Nodes whose daemon pod is ready.'),
    column('Up-to-date', 'integer', 'Nodes running the current daemon pod template.'),
    column('Available', 'integer', 'Nodes whose daemon pod is available.'),
    column('Node Selector', 'string', 'The node labels the pods are restricted to.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    SELECTOR_COLUMN,
  ],
  cells(daemonSet, now) {
    const spec = record(daemonSet.spec);
    const status = record(daemonSet.status);
    return [
      daemonSet.metadata.name,
      count(status.desiredNumberScheduled),
      count(status.currentNumberScheduled),
      count(status.numberReady),
      count(status.updatedNumberScheduled),
      count(status.numberAvailable),
      formatLabels(record(record(spec.template).spec).nodeSelector),
      age(daemonSet, now),
      ...containerCells(spec.template),
      formatSelector(spec.selector),
    ];
  },
};

/** A Job's STATUS: its terminal or suspension condition, else Running. */
function jobStatus(job: KubeObject): string {
  const conditions = records(record(job.status).conditions).filter((condition) => condition.status === 'True');
  const has = (type: string): boolean => conditions.some((condition) => condition.type === type);
  if (has('Failed')) return 'Failed';
  if (has('Complete')) return 'Complete';
  if (job.metadata.deletionTimestamp) return 'Terminating';
  if (has('FailureTarget')) return 'FailureTarget';
  if (has('SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  if (has('Suspended')) return 'Suspended';
  return 'Running';
}

const JOB_PRINTER: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column('Status', 'string', 'Whether the Job is running, complete, failed or suspended.'),
    column('Completions', 'string', 'Succeeded pods out of the completions wanted.'),
    column('Duration', 'string', 'How long the Job ran (or has been running).'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    SELECTOR_COLUMN,
  ],
  cells(job, now) {
    const spec = record(job.spec);
    const status = record(job.status);
    const succeeded = count(status.succeeded);
    const parallelism = typeof spec.parallelism === 'number' ? spec.parallelism : 0;
    const completions = typeof spec.completions === 'number' ? `${succeeded}/${spec.completions}` : parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
    const start = typeof status.startTime === 'string' ? Date.parse(status.startTime) : Number.NaN;
    const end = typeof status.completionTime === 'string' ? Date.parse(status.completionTime) : now;
    const duration = Number.isNaN(start) ? '' : humanDuration(end - start);
    return [job.metadata.name, jobStatus(job), completions, duration, age(job, now), ...containerCells(record(spec.template)), formatSelector(spec.selector)];
  },
};

const CRON_JOB_PRINTER: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column('Schedule', 'string', 'The cron schedule.'),
    column('Timezone', 'string', 'The time zone the schedule is read in.'),
    column('Suspend', 'boolean', 'Whether new runs are suspended.'),
    column('Active', 'integer', 'Jobs running now.'),
    column('Last Schedule', 'string', 'How long ago a Job was last scheduled.'),
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    SELECTOR_COLUMN,
  ],
  cells(cronJob, now) {
    const spec = record(cronJob.spec);
    const status = record(cronJob.status);
    const jobSpec = record(record(spec.jobTemplate).spec);
    return [
      cronJob.metadata.name,
      String(spec.schedule ?? ''),
      orNone(spec.timeZone),
      spec.suspend === true ? 'True' : 'False',
      Array.isArray(status.active) ? status.active.length : 0,
      typeof status.lastScheduleTime === 'string' ? ageSince(status.lastScheduleTime, now) : '<none>',
      age(cronJob, now),
      ...containerCells(jobSpec.template),
      formatSelector(jobSpec.selector),
    ];
  },
};

const ACCESS_MODES: Record<string, string> = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' };

const PERSISTENT_VOLUME_CLAIM_PRINTER: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column('Status', 'string', 'The claim\'s phase: Pending, Bound or Lost.'),
    column('Volume', 'string', 'The PersistentVolume bound to the claim.'),
    column('Capacity', 'string', 'The storage the bound volume provides.'),
    column('Access Modes', 'string', 'The access modes of the bound volume.'),
    column('StorageClass', 'string', 'The StorageClass the claim asks for.'),
    column('VolumeAttributesClass', 'string', 'The VolumeAttributesClass the volume currently has.'),
    AGE_COLUMN,
    column('VolumeMode', 'string', 'Filesystem or Block.', { priority: 1 }),
  ],
  cells(claim, now) {
    const spec = record(claim.spec);
    const status = record(claim.status);
    const bound = typeof spec.volumeName === 'string' && spec.volumeName !== '';
    const modes = Array.isArray(status.accessModes) ? status.accessModes.map((mode) => ACCESS_MODES[String(mode)] ?? String(mode)).join(',') : '';
    const storageClass = spec.storageClassName ?? claim.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'];
    return [
      claim.metadata.name,
      claim.metadata.deletionTimestamp ? 'Terminating' : String(status.phase ?? 'Pending'),
      bound ? String(spec.volumeName) : '',
      bound ? String(record(status.capacity).storage ?? '') : '',
      bound ? modes : '',
      typeof storageClass === 'string' ? storageClass : '',
      orUnset(status.currentVolumeAttributesClassName),
      age(claim, now),
      String(spec.volumeMode ?? 'Filesystem'),
    ];
  },
};

function orUnset(value: unknown): string {
  return typeof value === 'string' && value !== '' ? value : '<unset>';
}

const SERVICE_ACCOUNT_PRINTER: TablePrinter = {
  columns: [NAME_COLUMN, column('Secrets', 'integer', 'Secrets listed on the service account.'), AGE_COLUMN],
  cells: (account, now) => [account.metadata.name, Array.isArray(account.secrets) ? account.secrets.length : 0, age(account, now)],
};

const INGRESS_PRINTER: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column('Class', 'string', 'The IngressClass that implements the ingress.'),
    column('Hosts', 'string', 'Host names the rules match.'),
    column('Address', 'string', 'Addresses the load balancer serves the ingress on.'),
    column('Ports', 'string', 'Ports the ingress is served on.'),
    AGE_COLUMN,
  ],
  cells(ingress, now) {
    const spec = record(ingress.spec);
    const hosts = records(spec.rules).map((rule) => rule.host).filter((host): host is string => typeof host === 'string' && host !== '');
    const shownHosts = hosts.length === 0 ? '*' : hosts.length > 3 ? `${hosts.slice(0, 3).join(',')} + ${hosts.length - 3} more...` : hosts.join(',');
    const addresses = records(record(record(ingress.status).loadBalancer).ingress).map((entry) => String(entry.ip || entry.hostname || '')).filter((address) => address !== '');
    return [ingress.metadata.name, orNone(spec.ingressClassName), shownHosts, addresses.join(','), records(spec.tls).length > 0 ? '80, 443' : '80', age(ingress, now)];
  },
};

const LEASE_PRINTER: TablePrinter = {
  columns: [NAME_COLUMN, column('Holder', 'string', 'Who holds the lease.'), AGE_COLUMN],
  cells: (lease, now) => [lease.metadata.name, String(record(lease.spec).holderIdentity ?? ''), age(lease, now)],
};

/** The default class carries this annotation (or its beta form) set to "true". */
function isDefaultStorageClass(storageClass: KubeObject): boolean {
  const annotations = storageClass.metadata.annotations ?? {};
  return annotations['storageclass.kubernetes.io/is-default-class'] === 'true' || annotations['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
}

const STORAGE_CLASS_PRINTER: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column('Provisioner', 'string', 'The volume plugin that provisions volumes of this class.'),
    column('ReclaimPolicy', 'string', 'What happens to a volume when its claim goes away.'),
    column('VolumeBindingMode', 'string', 'When claims are bound and provisioned.'),
    column('AllowVolumeExpansion', 'boolean', 'Whether claims of this class can grow.'),
    AGE_COLUMN,
  ],
  cells(storageClass, now) {
    const json = storageClass as unknown as Json;
    return [
      isDefaultStorageClass(storageClass) ? `${storageClass.metadata.name} (default)` : storageClass.metadata.name,
      String(json.provisioner ?? ''),
      String(json.reclaimPolicy ?? 'Delete'),
      String(json.volumeBindingMode ?? 'Immediate'),
      json.allowVolumeExpansion === true,
      age(storageClass, now),
    ];
  },
};

const BUILT_IN_PRINTERS = new Map<string, TablePrinter>([
  ['/secrets', SECRET_PRINTER],
  ['/configmaps', CONFIG_MAP_PRINTER],
  ['/pods', POD_PRINTER],
  ['apps/deployments', DEPLOYMENT_PRINTER],
  ['/namespaces', NAMESPACE_PRINTER],
  ['/nodes', NODE_PRINTER],
  ['/services', SERVICE_PRINTER],
  ['/events', EVENT_PRINTER],
  ['apps/replicasets', REPLICA_SET_PRINTER],
  ['apps/statefulsets', STATEFUL_SET_PRINTER],
  ['apps/daemonsets', DAEMON_SET_PRINTER],
  ['batch/jobs', JOB_PRINTER],
  ['batch/cronjobs', CRON_JOB_PRINTER],
  ['/persistentvolumeclaims', PERSISTENT_VOLUME_CLAIM_PRINTER],
  ['/serviceaccounts', SERVICE_ACCOUNT_PRINTER],
  ['networking.k8s.io/ingresses', INGRESS_PRINTER],
  ['coordination.k8s.io/leases', LEASE_PRINTER],
  ['storage.k8s.io/storageclasses', STORAGE_CLASS_PRINTER],
]);

/** A CRD version's `additionalPrinterColumns` entry. */
interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

/** What apiextensions-apiserver serves for a version that declares no columns. */
const DEFAULT_CRD_COLUMNS: PrinterColumn[] = [{ name: 'Age', type: 'date', description: AGE_DESCRIPTION, jsonPath: '.metadata.creationTimestamp' }];

/**
 * Kubernetes JSONPath (`.status.conditions[?(@.type=="Ready")].status`, optionally in braces) as
 * the JSONPath jsonpath-plus evaluates: rooted at `$`.
 */
export function toJsonPathPlus(kubernetesPath: string): string {
  const path = kubernetesPath.trim().replace(/^\{(.*)\}$/s, '$1');
  return path.startsWith('$') ? path : `$${path.startsWith('.') || path.startsWith('[') ? '' : '.'}${path}`;
}

/** A cell as apiextensions-apiserver's tableconvertor makes it: the first match, typed by the column. */
function customColumnCell(column: PrinterColumn, path: string, object: KubeObject, now: number): unknown {
  const matches = JSONPath({ path, json: object as unknown as Json, wrap: true }) as unknown[];
  const value = matches[0];
  if (value === undefined || value === null) return null;
  switch (column.type) {
    case 'string':
      return typeof value === 'object' ? JSON.stringify(value) : String(value as string | number | boolean);
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date':
      // Served as an age, not a timestamp: kubectl prints cells as they come.
      return typeof value === 'string' ? (Number.isNaN(Date.parse(value)) ? '<invalid>' : ageSince(value, now)) : null;
    default:
      return null;
  }
}

function customResourcePrinter(columns: PrinterColumn[]): TablePrinter {
  const paths = columns.map((printerColumn) => toJsonPathPlus(printerColumn.jsonPath));
  return {
    columns: [
      NAME_COLUMN,
      ...columns.map((printerColumn) =>
        column(printerColumn.name, printerColumn.type, printerColumn.description || `Custom resource definition column (in JSONPath format): ${printerColumn.jsonPath}`, {
          format: printerColumn.format ?? '',
          priority: printerColumn.priority ?? 0,
        }),
      ),
    ],
    cells: (object, now) => [object.metadata.name, ...columns.map((printerColumn, index) => customColumnCell(printerColumn, paths[index]!, object, now))],
  };
}

/** The printer columns a CRD declares for one of its versions (none declared: Age). */
function printerColumnsOf(crd: KubeObject, version: string): PrinterColumn[] {
  const spec = record(crd.spec);
  const served = records(spec.versions).find((entry) => entry.name === version);
  const declared = (served?.additionalPrinterColumns ?? spec.additionalPrinterColumns) as PrinterColumn[] | undefined;
  return declared && declared.length > 0 ? declared : DEFAULT_CRD_COLUMNS;
}

/** The printer for a served type; `crd` is its CustomResourceDefinition when it is a custom resource. */
export function tablePrinterFor(type: ServedResourceType, crd: KubeObject | undefined): TablePrinter {
  if (crd) return customResourcePrinter(printerColumnsOf(crd, type.version));
  return BUILT_IN_PRINTERS.get(type.groupResource) ?? DEFAULT_PRINTER;
}
