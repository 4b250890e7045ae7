import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER } from '../api/resources.js';
import { formatFilter, isFiltered, parseFilter, resourcesExportHref, resourcesHref } from './resource-filter.js';

describe('resource filter in the URL', () => {
  it('round-trips every field, lists comma-separated, defaults left out', () => {
    const filter = { cluster: ['c1', 'c2'], kind: ['HelmRelease'], namespace: ['apps'], status: ['failed' as const, 'progressing' as const], cluster_selector: 'env=prod,team!=a', q: 'timeout', sort: 'since' as const, order: 'desc' as const };
    const text = formatFilter(filter);
    expect(text).toBe('cluster=c1,c2&kind=HelmRelease&namespace=apps&status=failed,progressing&cluster_selector=env=prod,team!=a&q=timeout&sort=since&order=desc');
    expect(parseFilter(`?${text}`)).toEqual(filter);
    expect(formatFilter(EMPTY_FILTER)).toBe('');
    expect(resourcesHref({ status: ['failed'] })).toBe('/resources?status=failed');
  });

  it('ignores unknown statuses, sorts and orders, and blank list entries', () => {
    expect(parseFilter('status=failed,broken&sort=colour&order=up&kind=,HelmRelease,')).toEqual({ ...EMPTY_FILTER, status: ['failed'], kind: ['HelmRelease'] });
    expect(isFiltered(parseFilter('sort=name'))).toBe(false);
    expect(isFiltered(parseFilter('q=x'))).toBe(true);
    expect(isFiltered(parseFilter('cluster_selector=region'))).toBe(true);
  });

  it('downloads what the table shows: the same filters and sort, every page', () => {
    const filter = { ...EMPTY_FILTER, kind: ['HelmRelease', 'Kustomization'], status: ['failed' as const], cluster_selector: 'env=prod', q: 'timeout', sort: 'name' as const, order: 'desc' as const };
    expect(resourcesExportHref(filter, 'csv')).toBe('/api/v1/resources/export?format=csv&kind=HelmRelease,Kustomization&status=failed&cluster_selector=env%3Dprod&q=timeout&sort=name&order=desc');
    expect(resourcesExportHref(EMPTY_FILTER, 'json')).toBe('/api/v1/resources/export?format=json');
  });
});
