import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../common/api-error.js';
import { ErrorResponse, IdParams } from '../http/common.schemas.js';
import type { JobRunner } from './job-runner.js';
import { Job, JobList } from './jobs.schemas.js';

/** Recent jobs a scoped caller's list is picked from. */
const SCOPED_SCAN = 500;

/** `/api/v1/jobs`: long-running operations (e.g. Azure syncs) and their progress. */
export const jobsRoutes: FastifyPluginAsyncTypebox<{ jobs: JobRunner }> = async (app, { jobs }) => {
  // Jobs can be fleet-wide (subscription syncs, retention): a caller scoped to some clusters sees
  // only the jobs they started themselves (a bulk action, planned within their scope).
  const visibleTo = (request: FastifyRequest, job: Job): boolean => request.access?.unscoped !== false || (job.started_by !== null && job.started_by === request.principal?.actor);

  app.get('/jobs', {
    config: { permission: 'jobs:read', scope: 'filtered' },
    schema: { summary: 'Recent jobs, newest first', description: 'A caller scoped to some clusters sees the jobs they started.', tags: ['jobs'], response: { 200: JobList } },
    handler: async (request) => {
      if (request.access?.unscoped !== false) return { items: await jobs.recent() };
      return { items: (await jobs.recent(SCOPED_SCAN)).filter((job) => visibleTo(request, job)).slice(0, 50) };
    },
  });
  app.get('/jobs/:id', {
    config: { permission: 'jobs:read', scope: 'filtered' },
    schema: { summary: 'One job with its progress and result', tags: ['jobs'], params: IdParams, response: { 200: Job, 404: ErrorResponse } },
    handler: async (request) => {
      const job = await jobs.get(request.params.id);
      if (!visibleTo(request, job)) throw ApiError.notFound(`Job ${request.params.id}`);
      return job;
    },
  });
};
