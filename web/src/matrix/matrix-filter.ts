import type { MatrixQuery, MatrixRow } from '../api/matrix.js';

/**
 * The matrix page keeps what it compares in the URL (`/matrix?kind=HelmRelease&name=podinfo`,
 * optionally `&revision=6.5&flux_version=2.5`), so a comparison can be shared and Back restores
 * the previous one.
 */
export interface MatrixFilter {
  kind: string;
  name: string;
  revision: string;
  flux_version: string;
}

export const EMPTY_MATRIX_FILTER: MatrixFilter = { kind: '', name: '', revision: '', flux_version: '' };

const KEYS = ['kind', 'name', 'revision', 'flux_version'] as const;

export function parseMatrixFilter(search: string): MatrixFilter {
  const params = new URLSearchParams(search);
  const filter = { ...EMPTY_MATRIX_FILTER };
  for (const key of KEYS) filter[key] = (params.get(key) ?? '').trim();
  return filter;
}

/** The query string (no `?`), empty values left out, in a stable order. */
export function formatMatrixFilter(filter: MatrixFilter): string {
  const params = new URLSearchParams();
  for (const key of KEYS) if (filter[key].trim()) params.set(key, filter[key].trim());
  return params.toString();
}

export const matrixHref = (filter: Partial<MatrixFilter>): string => {
  const query = formatMatrixFilter({ ...EMPTY_MATRIX_FILTER, ...filter });
  return `/matrix${query ? `?${query}` : ''}`;
};

/** The API's query; undefined until a kind is chosen (the API requires one). */
export function matrixQueryOf(filter: MatrixFilter): MatrixQuery | undefined {
  if (!filter.kind) return undefined;
  return {
    kind: filter.kind,
    ...(filter.name ? { name: filter.name } : {}),
    ...(filter.revision ? { revision: filter.revision } : {}),
    ...(filter.flux_version ? { flux_version: filter.flux_version } : {}),
  };
}

/** A bar list entry toggles its filter: clicking the active value clears it. */
export function toggleMatrixValue(filter: MatrixFilter, key: 'revision' | 'flux_version', value: string): MatrixFilter {
  return { ...filter, [key]: filter[key] === value ? '' : value };
}

/**
 * What a row says about the object on its cluster: there, missing, or unknown. A cluster that
 * cannot be read (unreachable, credentials refused) and has no object in the index may well have
 * it: the index never saw its objects, or not lately. Only a cluster that answers can lack it.
 */
export type MatrixPresence = 'present' | 'missing' | 'unknown';

const UNREADABLE: ReadonlySet<string> = new Set(['unreachable', 'unauthorized']);

export function presenceOf(row: Pick<MatrixRow, 'objects' | 'connection'>): MatrixPresence {
  if (row.objects.length > 0) return 'present';
  return row.connection !== null && UNREADABLE.has(row.connection) ? 'unknown' : 'missing';
}

/** Rows by presence, for the header ("missing on 2, unknown on 1"). */
export function countPresence(rows: ReadonlyArray<Pick<MatrixRow, 'objects' | 'connection'>>): Record<MatrixPresence, number> {
  const counts: Record<MatrixPresence, number> = { present: 0, missing: 0, unknown: 0 };
  for (const row of rows) counts[presenceOf(row)] += 1;
  return counts;
}
