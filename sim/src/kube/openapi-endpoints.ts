/**
 * Serves `/openapi/v2`, `/openapi/v3` and `/openapi/v3/{api/v1 | apis/group/version}` as
 * kube-apiserver does: v2 as JSON or protobuf (client-go asks for protobuf only), v3 as JSON
 * only (a request that accepts nothing served gets 406), an ETag per document, and for a v3
 * document asked for by its `hash` a response cacheable for good (a stale hash is redirected to
 * the current one).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseAccept } from './content-negotiation.js';
import { sendError } from './http-io.js';
import { KubeApiError } from './kube-status.js';
import type { OpenApiDocuments, PublishedDocument } from './openapi-documents.js';

const V3_PREFIX = '/openapi/v3/';

export function isOpenApiPath(path: string): boolean {
  return path === '/openapi/v2' || path === '/openapi/v3' || path.startsWith(V3_PREFIX);
}

/** v2's protobuf media type, and the older spelling client-go still sends (both answered with the first). */
export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
const OPENAPI_V2_PROTOBUF_SUBTYPES = ['com.github.proto-openapi.spec.v2.v1.0+protobuf', 'com.github.proto-openapi.spec.v2@v1.0+protobuf'];

type Format = 'json' | 'protobuf';

/**
 * The first Accept entry (by preference) that names a format offered, as kube-openapi's handler
 * picks; no Accept header means anything. A wildcard gets JSON, the first format offered.
 */
function negotiate(accept: string | undefined, offered: readonly Format[]): Format | undefined {
  if (accept === undefined || accept.trim() === '') return offered[0];
  for (const range of parseAccept(accept)) {
    if (range.type !== 'application' && range.type !== '*') continue;
    for (const format of offered) {
      if (range.subtype === '*' || (format === 'json' ? range.subtype === 'json' : OPENAPI_V2_PROTOBUF_SUBTYPES.includes(range.subtype))) return format;
    }
  }
  return undefined;
}

function notFound(response: ServerResponse): void {
  response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 page not found\n');
}

/** Answers a request for an OpenAPI path; `documents` is called only when a document is needed. */
export function serveOpenApi(request: IncomingMessage, response: ServerResponse, url: URL, documents: () => OpenApiDocuments): void {
  const method = request.method ?? 'GET';
  if (method !== 'GET' && method !== 'HEAD') {
    sendError(response, new KubeApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));
    return;
  }
  const path = url.pathname;
  const format = negotiate(request.headers.accept, path === '/openapi/v2' ? ['json', 'protobuf'] : ['json']);
  if (!format) {
    const accepted = path === '/openapi/v2' ? `application/json, ${OPENAPI_V2_PROTOBUF}` : 'application/json';
    sendError(response, new KubeApiError(406, 'NotAcceptable', `only the following media types are accepted: ${accepted}`));
    return;
  }
  const published = documents();
  if (path === '/openapi/v2') return format === 'protobuf' ? send(request, response, published.v2Protobuf(), {}, OPENAPI_V2_PROTOBUF) : send(request, response, published.v2(), {});
  if (path === '/openapi/v3') return send(request, response, published.v3Index, {});
  const key = path.slice(V3_PREFIX.length).replace(/\/+$/, '');
  const document = published.v3.get(key);
  if (!document) return notFound(response);
  const hash = url.searchParams.get('hash');
  if (hash === null || hash === '') return send(request, response, document, {});
  if (hash !== document.hash) {
    response.writeHead(301, { Location: `${V3_PREFIX}${key}?hash=${document.hash}`, 'Cache-Control': 'no-cache, private' }).end();
    return;
  }
  const expires = new Date(Date.now() + 365 * 86_400_000).toUTCString();
  send(request, response, document, { 'Cache-Control': 'public, immutable', Expires: expires });
}

function send(request: IncomingMessage, response: ServerResponse, document: PublishedDocument, headers: Record<string, string>, contentType = 'application/json'): void {
  const etag = `"${document.hash}"`;
  const common = { ETag: etag, Vary: 'Accept', 'Cache-Control': 'no-cache, private', ...headers };
  if (request.headers['if-none-match'] === etag) {
    response.writeHead(304, common).end();
    return;
  }
  response.writeHead(200, { ...common, 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(document.body) });
  response.end(request.method === 'HEAD' ? undefined : document.body);
}
