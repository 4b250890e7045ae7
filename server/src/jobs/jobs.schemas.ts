import { Type, type Static } from '@sinclair/typebox';

export const JobStatus = Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed')]);
export type JobStatus = Static<typeof JobStatus>;

/** A long-running operation (e.g. a large Azure sync) that answers 202 and is polled here. */
export const Job = Type.Object(
  {
    id: Type.String(),
    type: Type.String({ description: 'e.g. azure.sync' }),
    subject: Type.String({ description: 'What it works on, e.g. the subscription id.' }),
    status: JobStatus,
    progress: Type.Object({ done: Type.Integer(), total: Type.Integer() }),
    result: Type.Union([Type.Unknown(), Type.Null()], { description: 'The operation result when succeeded (e.g. a SyncResult).' }),
    error: Type.Union([Type.String(), Type.Null()]),
    created_at: Type.String({ format: 'date-time' }),
    updated_at: Type.String({ format: 'date-time' }),
    started_by: Type.Union([Type.String(), Type.Null()], { description: 'Who asked for it (a username or `token:<owner>/<name>`); null for scheduled work.' }),
  },
  { $id: 'Job' },
);
export type Job = Static<typeof Job>;

export const JobList = Type.Object({ items: Type.Array(Job) }, { $id: 'JobList' });
export type JobList = Static<typeof JobList>;
