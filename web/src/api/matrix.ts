import { useQuery } from '@tanstack/react-query';
import type { paths } from './generated/schema.js';
import { api, unwrap, type Schema } from './client.js';
import { resourceKeys } from './resources.js';

/** The fleet matrix: one kind (and name) across every cluster, with revisions and Flux versions. */

export type FleetMatrix = Schema<'FleetMatrix'>;
export type MatrixRow = FleetMatrix['rows'][number];
export type MatrixObject = MatrixRow['objects'][number];
export type MatrixQuery = paths['/api/v1/matrix']['get']['parameters']['query'];

export const matrixKeys = { all: () => [...resourceKeys.all, 'matrix'] as const, one: (query: MatrixQuery) => [...resourceKeys.all, 'matrix', query] as const };

/** Disabled until a kind is chosen (the API requires one). */
export function useMatrix(query: MatrixQuery | undefined) {
  return useQuery({
    queryKey: matrixKeys.one(query ?? { kind: '' }),
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/matrix', { params: { query: query! }, signal })),
    enabled: query !== undefined,
    placeholderData: (previous) => previous,
  });
}
