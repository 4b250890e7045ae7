import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER } from '../api/resources.js';
import { formatFilter, isFiltered, parseFilter, resourcesHref } from './resource-filter.js';

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
});
