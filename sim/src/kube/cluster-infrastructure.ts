/**
 * The objects every Kubernetes cluster has before anyone installs anything: the system
 * namespaces, its Nodes and a default StorageClass. They are shaped like an AKS system node pool
 * (the Azure simulator's clusters), derived from the cluster name only, so the same cluster
 * always gets the same nodes. A fixed handful per cluster: cheap for fleets of hundreds.
 */
import { SeededRandom } from '../flux/seeded-random.js';
import type { KubeObject, ObjectStore } from '../store/types.js';

export const NAMESPACE_GROUP_RESOURCE = '/namespaces';
export const NODE_GROUP_RESOURCE = '/nodes';

/** The namespaces kube-apiserver creates itself; objects go to `default` when a request names none. */
export const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'] as const;
export const STORAGE_CLASS_GROUP_RESOURCE = 'storage.k8s.io/storageclasses';

export interface ClusterInfrastructureOptions {
  clusterName: string;
  /** `vMAJOR.MINOR.PATCH`, what the kubelets report (the API server's `/version`). */
  kubernetesVersion: string;
  /** Default 3. */
  nodeCount?: number;
  /** Heartbeat and transition times. Default: now. */
  now?: Date;
}

/** Standard_D4s_v5 (4 vCPU, 16 GiB) as a kubelet reports it, and what AKS reserves of it. */
const CAPACITY = { cpu: '4', memory: '16365320Ki', pods: '110', 'ephemeral-storage': '129886128Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0' };
const ALLOCATABLE = { cpu: '3860m', memory: '12880648Ki', pods: '110', 'ephemeral-storage': '119703055367', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0' };

function uuidFrom(random: SeededRandom): string {
  const hex = random.hex(32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function nodeConditions(heartbeat: string): Record<string, string>[] {
  const condition = (type: string, status: string, reason: string, message: string) => ({ type, status, lastHeartbeatTime: heartbeat, lastTransitionTime: heartbeat, reason, message });
  return [
    condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
  ];
}

/** Ready Nodes of one VM scale set, `aks-system-NNNNNNNN-vmss00000i`. */
export function clusterNodes(options: ClusterInfrastructureOptions): KubeObject[] {
  const random = new SeededRandom(`${options.clusterName}/nodes`);
  const scaleSet = `aks-system-${String(random.int(100_000_000)).padStart(8, '0')}-vmss`;
  const heartbeat = (options.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return Array.from({ length: options.nodeCount ?? 3 }, (_, index) => {
    const name = `${scaleSet}${String(index).padStart(6, '0')}`;
    const address = `10.224.0.${4 + index}`;
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels: {
          'kubernetes.io/arch': 'amd64',
          'kubernetes.io/os': 'linux',
          'kubernetes.io/hostname': name,
          'kubernetes.azure.com/agentpool': 'system',
          'kubernetes.azure.com/mode': 'system',
          'node.kubernetes.io/instance-type': 'Standard_D4s_v5',
          'topology.kubernetes.io/zone': '0',
        },
        annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
      },
      spec: { podCIDR: `10.244.${index}.0/24`, podCIDRs: [`10.244.${index}.0/24`] },
      status: {
        capacity: { ...CAPACITY },
        allocatable: { ...ALLOCATABLE },
        conditions: nodeConditions(heartbeat),
        addresses: [
          { type: 'InternalIP', address },
          { type: 'Hostname', address: name },
        ],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: {
          architecture: 'amd64',
          bootID: uuidFrom(random),
          containerRuntimeVersion: 'containerd://1.7.27-1',
          kernelVersion: '5.15.0-1089-azure',
          kubeProxyVersion: options.kubernetesVersion,
          kubeletVersion: options.kubernetesVersion,
          machineID: random.hex(32),
          operatingSystem: 'linux',
          osImage: 'Ubuntu 22.04.5 LTS',
          systemUUID: uuidFrom(random),
        },
      },
    };
  });
}

/** AKS's default StorageClass (Azure Disk CSI), marked as the cluster default. */
export function defaultStorageClass(): KubeObject {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      name: 'default',
      labels: { 'addonmanager.kubernetes.io/mode': 'EnsureExists', 'kubernetes.io/cluster-service': 'true' },
      annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
    },
    provisioner: 'disk.csi.azure.com',
    parameters: { skuname: 'StandardSSD_LRS' },
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
    allowVolumeExpansion: true,
  };
}

export function systemNamespace(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

/**
 * Writes the system namespaces that are missing, and the Nodes and the default StorageClass into
 * a store that has none of their kind yet, so a restarted API server (or a cluster whose
 * manifests brought their own) is left as it is.
 */
export function installClusterInfrastructure(store: ObjectStore, options: ClusterInfrastructureOptions): void {
  for (const name of SYSTEM_NAMESPACES) {
    if (!store.get(NAMESPACE_GROUP_RESOURCE, undefined, name)) store.create(NAMESPACE_GROUP_RESOURCE, systemNamespace(name));
  }
  if (store.list(NODE_GROUP_RESOURCE).items.length === 0) {
    for (const node of clusterNodes(options)) store.create(NODE_GROUP_RESOURCE, node);
  }
  if (store.list(STORAGE_CLASS_GROUP_RESOURCE).items.length === 0) store.create(STORAGE_CLASS_GROUP_RESOURCE, defaultStorageClass());
}
