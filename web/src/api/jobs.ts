import { useQuery } from '@tanstack/react-query';
import type { Job, JobList } from '../../../server/src/jobs/jobs.schemas.js';
import { ApiRequestError, apiRequest, segment } from './request.js';
import { streamState } from './stream.js';

export type { Job, JobStatus } from '../../../server/src/jobs/jobs.schemas.js';

export const jobKeys = { all: ['jobs'] as const, list: () => ['jobs', 'list'] as const, one: (id: string) => ['jobs', 'one', id] as const };

const isFinished = (job: Job | undefined): boolean => job?.status === 'succeeded' || job?.status === 'failed';

/** Recent jobs; `null` when this server has no jobs API (404), so the page can say so calmly. */
export function useJobs() {
  return useQuery({
    queryKey: jobKeys.list(),
    queryFn: async () => {
      try {
        return await apiRequest<JobList>('GET', '/jobs');
      } catch (error) {
        if (error instanceof ApiRequestError && error.status === 404) return null;
        throw error;
      }
    },
  });
}

/**
 * One job while it is queued or running: the live stream brings its progress and end; without
 * the stream (reconnecting) it is polled every 750 ms, and every 5 s as a safety net otherwise.
 */
export function useJob(id: string | undefined) {
  return useQuery({
    queryKey: jobKeys.one(id ?? ''),
    queryFn: () => apiRequest<Job>('GET', `/jobs/${segment(id ?? '')}`),
    enabled: id !== undefined,
    refetchInterval: (query) => (isFinished(query.state.data) ? false : streamState() === 'live' ? 5_000 : 750),
  });
}
