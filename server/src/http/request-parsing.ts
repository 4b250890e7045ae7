import { AjvCompiler } from '@fastify/ajv-compiler';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';

type ValidatorFactory = NonNullable<NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']>;

/**
 * Request validation with two Ajv instances: query strings and path parameters are text, so
 * `?refresh=true` becomes a boolean; JSON bodies are typed already, so `"favorite": "true"` is
 * refused instead of silently turned into `true`.
 */
export function validatorFactory(): ValidatorFactory {
  const pool = AjvCompiler();
  return (externalSchemas, ajvOptions) => {
    const options = ajvOptions as { customOptions?: Record<string, unknown>; plugins?: unknown[] };
    const fromText = pool(externalSchemas as never, options as never);
    const fromJson = pool(externalSchemas as never, { ...options, customOptions: { ...options.customOptions, coerceTypes: false } } as never);
    return (route) => (route.httpPart === 'body' ? fromJson(route) : fromText(route));
  };
}

/**
 * JSON bodies as Fastify parses them (prototype-poisoning checks included), except that an empty
 * body is no body: `curl -X POST -H 'content-type: application/json' …/sync` means "no options",
 * as it does without the header. Routes whose body is required still say it is missing.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '' || (typeof body === 'string' && body.trim() === '')) return done(null, undefined);
    return parseJson(request, body as string, done);
  });
}
