import { useQuery } from '@tanstack/react-query';
import type { ClusterList } from '../../../server/src/clusters/clusters.schemas.js';

/** The only module that calls the clusters API; types come from the server's schemas. */
export function useClusters() {
  return useQuery({
    queryKey: ['clusters'],
    queryFn: async (): Promise<ClusterList> => {
      const response = await fetch('/api/v1/clusters');
      if (!response.ok) throw new Error(`GET /api/v1/clusters answered ${response.status}`);
      return (await response.json()) as ClusterList;
    },
  });
}
