import { describe, expect, it } from 'vitest';
import { ResourceGraphQueryError, runResourceGraphQuery } from '../../src/azure/resource-graph-query.js';

const rows = [
  { id: '/a', name: 'aks-b', type: 'microsoft.containerservice/managedclusters', location: 'westeurope', properties: { kubernetesVersion: '1.30.1' } },
  { id: '/b', name: 'aks-a', type: 'microsoft.containerservice/managedclusters', location: 'eastus', properties: { kubernetesVersion: '1.31.5' } },
  { id: '/c', name: 'arc-1', type: 'microsoft.kubernetes/connectedclusters', location: 'westeurope', properties: {} },
];

describe('Resource Graph query subset', () => {
  it('filters by type case-insensitively with =~ and keeps == exact', () => {
    expect(runResourceGraphQuery("Resources | where type =~ 'Microsoft.ContainerService/managedClusters'", rows).map((r) => r.id)).toEqual(['/a', '/b']);
    expect(runResourceGraphQuery("resources | where type == 'Microsoft.ContainerService/managedClusters'", rows)).toEqual([]);
  });

  it('combines conditions with and, in~, contains and != ', () => {
    const query = "Resources | where type in~ ('microsoft.containerservice/managedclusters', 'x') and location != 'eastus' and name contains 'AKS'";
    expect(runResourceGraphQuery(query, rows).map((r) => r.name)).toEqual(['aks-b']);
  });

  it('projects dotted paths with aliases, orders and limits', () => {
    const query = "Resources | where type =~ 'microsoft.containerservice/managedclusters' | project name, version = properties.kubernetesVersion | order by name asc | limit 1";
    expect(runResourceGraphQuery(query, rows)).toEqual([{ name: 'aks-a', version: '1.31.5' }]);
    expect(runResourceGraphQuery('Resources | sort by name', rows).map((r) => r.name)).toEqual(['arc-1', 'aks-b', 'aks-a']);
  });

  it('keeps a pipe inside a string literal', () => {
    expect(runResourceGraphQuery("Resources | where name == 'a|b'", rows)).toEqual([]);
  });

  it('rejects what it does not simulate', () => {
    expect(() => runResourceGraphQuery('ResourceContainers', rows)).toThrow(ResourceGraphQueryError);
    expect(() => runResourceGraphQuery('Resources | summarize count()', rows)).toThrow(/unsupported operator/);
    expect(() => runResourceGraphQuery("Resources | where type startswith 'x'", rows)).toThrow(/unsupported condition/);
    expect(() => runResourceGraphQuery("Resources | where name == 'open", rows)).toThrow(/unterminated/);
  });
});
