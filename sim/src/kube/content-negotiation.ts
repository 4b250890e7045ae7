import { KubeApiError } from './kube-status.js';

/**
 * What a read (get, list, watch) answers with: the object(s) as stored, or a `meta.k8s.io` Table
 * (what `kubectl get` asks for, to print the server's columns).
 */
export type ReadRepresentation = { kind: 'object' } | { kind: 'table'; version: 'v1' | 'v1beta1' };

const OBJECT: ReadRepresentation = { kind: 'object' };
const TABLE_VERSIONS = new Set(['v1', 'v1beta1']);

interface MediaRange {
  type: string;
  subtype: string;
  params: Map<string, string>;
  quality: number;
}

/** One `Accept` entry, e.g. `application/json;as=Table;v=v1;g=meta.k8s.io;q=0.9`. */
function parseMediaRange(entry: string): MediaRange | undefined {
  const [mediaType = '', ...rawParams] = entry.split(';').map((part) => part.trim());
  const slash = mediaType.indexOf('/');
  if (slash <= 0 || slash === mediaType.length - 1) return undefined;
  const params = new Map<string, string>();
  for (const raw of rawParams) {
    const equals = raw.indexOf('=');
    if (equals <= 0) continue;
    params.set(raw.slice(0, equals).trim().toLowerCase(), raw.slice(equals + 1).trim().replace(/^"(.*)"$/, '$1'));
  }
  const quality = params.has('q') ? Number(params.get('q')) : 1;
  params.delete('q');
  return {
    type: mediaType.slice(0, slash).toLowerCase(),
    subtype: mediaType.slice(slash + 1).toLowerCase(),
    params,
    quality: Number.isFinite(quality) ? quality : 0,
  };
}

/** Accept entries in preference order: by quality, then specific before wildcard (as kube-apiserver's goautoneg). */
export function parseAccept(header: string): MediaRange[] {
  const wildcards = (range: MediaRange): number => (range.type === '*' ? 2 : range.subtype === '*' ? 1 : 0);
  return header
    .split(',')
    .map(parseMediaRange)
    .filter((range): range is MediaRange => range !== undefined && range.quality > 0)
    .sort((a, b) => b.quality - a.quality || wildcards(a) - wildcards(b));
}

/** What one Accept entry asks for, if the simulator can serve it (JSON only: no YAML or protobuf). */
function representationOf(range: MediaRange): ReadRepresentation | undefined {
  const json = (range.type === 'application' && (range.subtype === 'json' || range.subtype === '*')) || (range.type === '*' && range.subtype === '*');
  if (!json) return undefined;
  const as = range.params.get('as');
  if (as === undefined) return OBJECT;
  const version = range.params.get('v');
  if (as === 'Table' && range.params.get('g') === 'meta.k8s.io' && version !== undefined && TABLE_VERSIONS.has(version)) {
    return { kind: 'table', version: version as 'v1' | 'v1beta1' };
  }
  // Other conversions (PartialObjectMetadata, other Table versions) are not served.
  return undefined;
}

/**
 * The representation a read answers with: the first acceptable Accept entry, plain objects when
 * there is no Accept header, 406 `NotAcceptable` when nothing listed can be served.
 */
export function negotiateReadRepresentation(accept: string | undefined): ReadRepresentation {
  // Fast path: plain-JSON clients (informers, the product, benchmarks) never reach the parser.
  if (accept === undefined || accept === '' || accept === 'application/json' || accept === '*/*') return OBJECT;
  for (const range of parseAccept(accept)) {
    const representation = representationOf(range);
    if (representation) return representation;
  }
  throw notAcceptable();
}

function notAcceptable(): KubeApiError {
  return new KubeApiError(406, 'NotAcceptable', 'only the following media types are accepted: application/json');
}
