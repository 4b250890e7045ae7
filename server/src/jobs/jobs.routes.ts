import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, IdParams } from '../http/common.schemas.js';
import type { JobRunner } from './job-runner.js';
import { Job, JobList } from './jobs.schemas.js';

/** `/api/v1/jobs`: long-running operations (e.g. Azure syncs) and their progress. */
export const jobsRoutes: FastifyPluginAsyncTypebox<{ jobs: JobRunner }> = async (app, { jobs }) => {
  app.get('/jobs', {
    config: { permission: 'jobs:read' },
    schema: { summary: 'Recent jobs, newest first', tags: ['jobs'], response: { 200: JobList } },
    handler: async () => ({ items: await jobs.recent() }),
  });
  app.get('/jobs/:id', {
    config: { permission: 'jobs:read' },
    schema: { summary: 'One job with its progress and result', tags: ['jobs'], params: IdParams, response: { 200: Job, 404: ErrorResponse } },
    handler: async (request) => jobs.get(request.params.id),
  });
};
