import { useQuery } from '@tanstack/react-query';
import { api, unwrap, type Schema } from './client.js';
import { ApiRequestError } from './request.js';
import { streamState } from './stream.js';

export type Job = Schema<'Job'>;
export type JobStatus = Job['status'];

export const jobKeys = { all: ['jobs'] as const, list: () => ['jobs', 'list'] as const, one: (id: string) => ['jobs', 'one', id] as const };

const isFinished = (job: Job | undefined): boolean => job?.status === 'succeeded' || job?.status === 'failed';

/** Recent jobs; `null` when this server has no jobs API (404), so the page can say so calmly. */
export function useJobs() {
  return useQuery({
    queryKey: jobKeys.list(),
    queryFn: async ({ signal }) => {
      try {
        return await unwrap(api.GET('/api/v1/jobs', { signal }));
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
    queryFn: ({ signal }) => unwrap(api.GET('/api/v1/jobs/{id}', { params: { path: { id: id ?? '' } }, signal })),
    enabled: id !== undefined,
    refetchInterval: (query) => (isFinished(query.state.data) ? false : streamState() === 'live' ? 5_000 : 750),
  });
}
