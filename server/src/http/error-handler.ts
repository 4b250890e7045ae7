import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../common/api-error.js';
import { patternMessage } from './common.schemas.js';
import { isDatabaseUnavailable } from '../store/index.js';

interface ValidationIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** Turns an Ajv validation issue into `{field, message}` with a field path a person can find. */
function describeIssue(context: string, issue: ValidationIssue): { field: string; message: string } {
  const path = (issue.instancePath ?? '').split('/').filter(Boolean).join('.');
  const base = path ? `${context}.${path}` : context;
  switch (issue.keyword) {
    case 'additionalProperties':
      return { field: `${base}.${String(issue.params?.additionalProperty)}`, message: 'is not a known field; remove it' };
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

/** The one error handler: every error leaves as `{error: {code, message, details?}}`; 5xx details stay in the log. */
export function errorHandler(error: FastifyError | ApiError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const requestId = String(request.id);
  if (error instanceof ApiError) {
    return reply.code(error.statusCode).send({ error: { code: error.code, message: error.message, details: error.details, request_id: requestId } });
  }
  const fastifyError = error as FastifyError & { validation?: ValidationIssue[]; validationContext?: string };
  if (fastifyError.validation) {
    const details = fastifyError.validation.map((issue) => describeIssue(fastifyError.validationContext ?? 'body', issue));
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
