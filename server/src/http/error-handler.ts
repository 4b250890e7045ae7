import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../common/api-error.js';
import { patternMessage } from './common.schemas.js';
import { isDatabaseUnavailable } from '../store/index.js';

interface ValidationIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
  /** Ajv's `verbose` option: the schema object holding the failed keyword. */
  parentSchema?: { patternProperties?: Record<string, unknown> };
}

/** Turns an Ajv validation issue into `{field, message}` with a field path a person can find. */
function describeIssue(context: string, issue: ValidationIssue): { field: string; message: string } {
  const path = (issue.instancePath ?? '').split('/').filter(Boolean).join('.');
  const base = path ? `${context}.${path}` : context;
  switch (issue.keyword) {
    case 'additionalProperties': {
      // A map whose keys follow a pattern (labels): the key is not unknown, it is malformed.
      const keyPattern = Object.keys(issue.parentSchema?.patternProperties ?? {})[0];
      return { field: `${base}.${String(issue.params?.additionalProperty)}`, message: keyPattern ? `is not an allowed key: it ${patternMessage(keyPattern)}` : 'is not a known field; remove it' };
    }
    case 'required':
      return { field: `${base}.${String(issue.params?.missingProperty)}`, message: 'is required' };
    case 'pattern':
      return { field: base, message: patternMessage(issue.params?.pattern) };
    case 'minProperties':
      return { field: base, message: 'must contain at least one field to change' };
    default:
      return { field: base, message: issue.message ?? 'is invalid' };
  }
}

/**
 * One message per field: a value that matches none of a union of constants (an enum) yields one
 * "must be equal to constant" per constant plus "must match a schema in anyOf"; say instead
 * which values are allowed.
 */
function describeIssues(context: string, issues: ValidationIssue[]): Array<{ field: string; message: string }> {
  const anyOfPaths = new Set(issues.filter((issue) => issue.keyword === 'anyOf').map((issue) => issue.instancePath ?? ''));
  const details: Array<{ field: string; message: string }> = [];
  const seen = new Set<string>();
  const push = (detail: { field: string; message: string }): void => {
    const key = `${detail.field}\n${detail.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    details.push(detail);
  };
  for (const path of anyOfPaths) {
    const branches = issues.filter((issue) => (issue.instancePath ?? '') === path && issue.keyword !== 'anyOf');
    if (branches.length === 0 || !branches.every((issue) => issue.keyword === 'const')) continue;
    const allowed = branches.map((issue) => JSON.stringify(issue.params?.allowedValue));
    push({ field: describeIssue(context, { instancePath: path }).field, message: `must be one of ${allowed.join(', ')}` });
  }
  for (const issue of issues) {
    const path = issue.instancePath ?? '';
    if (anyOfPaths.has(path) && details.some((detail) => detail.field === describeIssue(context, { instancePath: path }).field)) continue;
    push(describeIssue(context, issue));
  }
  return details;
}

/** The one error handler: every error leaves as `{error: {code, message, details?}}`; 5xx details stay in the log. */
export function errorHandler(error: FastifyError | ApiError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const requestId = String(request.id);
  if (error instanceof ApiError) {
    return reply.code(error.statusCode).send({ error: { code: error.code, message: error.message, details: error.details, request_id: requestId } });
  }
  const fastifyError = error as FastifyError & { validation?: ValidationIssue[]; validationContext?: string };
  if (fastifyError.validation) {
    const details = describeIssues(fastifyError.validationContext ?? 'body', fastifyError.validation);
    const apiError = ApiError.validation(details);
    return reply.code(400).send({ error: { code: apiError.code, message: apiError.message, details, request_id: requestId } });
  }
  const status = fastifyError.statusCode ?? 500;
  if (status === 413) {
    return reply.code(413).send({ error: { code: 'payload_too_large', message: 'request body is larger than the limit (BODY_LIMIT_BYTES)', request_id: requestId } });
  }
  if (status >= 400 && status < 500) {
    const code = status === 415 ? 'unsupported_media_type' : status === 404 ? 'not_found' : 'bad_request';
    return reply.code(status).send({ error: { code, message: fastifyError.message, request_id: requestId } });
  }
  if (isDatabaseUnavailable(error)) {
    request.log.warn({ err: error }, 'database unavailable');
    return reply
      .code(503)
      .header('retry-after', '5')
      .send({ error: { code: 'database_unavailable', message: 'The database cannot be reached right now; the server reconnects by itself. Try again in a few seconds.', request_id: requestId } });
  }
  request.log.error({ err: error }, 'request failed');
  return reply.code(500).send({ error: { code: 'internal', message: 'internal server error; see the server log for this request id', request_id: requestId } });
}
