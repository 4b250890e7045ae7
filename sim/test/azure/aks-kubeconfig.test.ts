import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildAksKubeconfig } from '../../src/azure/aks-kubeconfig.js';
import type { ManagedCluster } from '../../src/azure/arm-inventory.js';

function cluster(overrides: Partial<ManagedCluster> = {}): ManagedCluster {
  return {
    id: '/subscriptions/s/resourcegroups/rg-a/providers/Microsoft.ContainerService/managedClusters/aks-1',
    subscriptionId: 's',
    resourceGroup: 'rg-a',
    name: 'aks-1',
    location: 'westeurope',
    tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    kubernetesVersion: '1.31.5',
    agentPools: [],
    aadEnabled: true,
    azureRbacEnabled: false,
    localAccountsDisabled: false,
    privateCluster: false,
    powerState: 'Running',
    tags: {},
    dnsPrefix: 'aks-1-dns',
    fqdnSuffix: 'abcd',
    nodeResourceGroup: 'MC_rg-a_aks-1_westeurope',
    principalId: 'p',
    backing: { server: 'https://127.0.0.1:7443', caPem: 'CA-PEM', clientCertificate: { certPem: 'CERT', keyPem: 'KEY' }, localAccountToken: 'abc123' },
    ...overrides,
  };
}

describe('AKS kubeconfig format', () => {
  it('writes the Entra user kubeconfig as AKS does (Go key order, unindented lists, exec block)', () => {
    const text = buildAksKubeconfig(cluster(), 'clusterUser');
    expect(text.startsWith('apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: Q0EtUEVN\n    server: https://127.0.0.1:7443\n  name: aks-1\n')).toBe(true);
    const config = parse(text);
    expect(config['current-context']).toBe('aks-1');
    expect(config.users[0].name).toBe('clusterUser_rg-a_aks-1');
    expect(config.users[0].user.exec).toMatchObject({ command: 'kubelogin', env: null, provideClusterInfo: false });
    expect(config.users[0].user.exec.installHint).toBe(
      '\nkubelogin is not installed which is required to connect to AAD enabled cluster.\n\nTo learn more, please go to https://aka.ms/aks/kubelogin\n',
    );
    expect(config.users[0].user.exec.args.slice(-4)).toEqual(['--tenant-id', '72f988bf-86f1-41af-91ab-2d7cd011db47', '--login', 'devicecode']);
  });

  it('writes admin and non-Entra credentials with client certificates and the local token', () => {
    const admin = parse(buildAksKubeconfig(cluster(), 'clusterAdmin'));
    expect(admin['current-context']).toBe('aks-1-admin');
    expect(admin.users[0]).toEqual({
      name: 'clusterAdmin_rg-a_aks-1',
      user: { 'client-certificate-data': 'Q0VSVA==', 'client-key-data': 'S0VZ', token: 'abc123' },
    });
    const local = parse(buildAksKubeconfig(cluster({ aadEnabled: false }), 'clusterUser'));
    expect(local.users[0].user['client-certificate-data']).toBe('Q0VSVA==');
  });

  it('refuses to write a local account kubeconfig without a certificate', () => {
    expect(() => buildAksKubeconfig(cluster({ backing: { server: 'https://x', caPem: 'CA' } }), 'clusterAdmin')).toThrow(/no local account certificate/);
  });
});
