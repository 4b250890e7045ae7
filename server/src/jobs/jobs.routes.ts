import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ApiError } from '../common/api-error.js';
import { ErrorResponse, IdParams } from '../http/common.schemas.js';
import type { JobRunner } from './job-runner.js';
import { Job, JobList } from './jobs.schemas.js';

/** `/api/v1/jobs`: long-running operations (e.g. Azure syncs) and their progress. */
export const jobsRoutes: FastifyPluginAsyncTypebox<{ jobs: JobRunner }> = async (app, { jobs }) => {
  // Jobs are fleet-wide (subscription syncs): a caller scoped to some clusters sees none of them.
  app.get('/jobs', {
    config: { permission: 'jobs:read', scope: 'filtered' },
    schema: { summary: 'Recent jobs, newest first', tags: ['jobs'], response: { 200: JobList } },
    handler: async (request) => ({ items: request.access?.unscoped === false ? [] : await jobs.recent() }),
  });
  app.get('/jobs/:id', {
    config: { permission: 'jobs:read', scope: 'filtered' },
    schema: { summary: 'One job with its progress and result', tags: ['jobs'], params: IdParams, response: { 200: Job, 404: ErrorResponse } },
    handler: async (request) => {
      if (request.access?.unscoped === false) throw ApiError.notFound(`Job ${request.params.id}`);
      return jobs.get(request.params.id);
    },
  });
};
