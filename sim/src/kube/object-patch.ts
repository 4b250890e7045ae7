import jsonPatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { KubeApiError, badRequest } from './kube-status.js';

export const MERGE_PATCH = 'application/merge-patch+json';
export const JSON_PATCH = 'application/json-patch+json';
export const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';
export const APPLY_PATCH = 'application/apply-patch+yaml';

type Json = unknown;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** RFC 7386 JSON merge patch: objects merge recursively, `null` deletes, anything else replaces. */
export function applyMergePatch(target: Json, patch: Json): Json {
  if (!isPlainObject(patch)) return patch;
  const result: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

/**
 * Drops strategic-merge directives (`$patch`, `$setElementOrder/...`, `$retainKeys`,
 * `$deleteFromPrimitiveList/...`). What remains is applied as a merge patch, which is all that
 * `kubectl annotate`, `label`, `scale` and `rollout restart` need.
 */
function withoutDirectives(patch: Json): Json {
  if (Array.isArray(patch)) return patch.map(withoutDirectives);
  if (!isPlainObject(patch)) return patch;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (!key.startsWith('$')) result[key] = withoutDirectives(value);
  }
  return result;
}

/** The media type of a PATCH request, without parameters. */
export function patchMediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Applies a PATCH body of the given media type to `current` (not mutated) and returns the result.
 * Throws KubeApiError 415 for unsupported types (strategic merge on custom resources, which
 * kube-apiserver refuses too; server-side apply, which server-side-apply.ts serves for objects
 * and their status but not here, e.g. on the scale subresource) and 400/422 for malformed patches.
 */
export function applyPatch(current: Record<string, unknown>, body: Json, mediaType: string, options: { builtIn: boolean }): Record<string, unknown> {
  switch (mediaType) {
    case MERGE_PATCH:
      return requireObject(applyMergePatch(current, body));
    case STRATEGIC_MERGE_PATCH:
      // kube-apiserver serves no strategic merge for custom resources: an unknown format to it.
      if (!options.builtIn) throw unsupportedPatch(mediaType, unknownFormat([JSON_PATCH, MERGE_PATCH, APPLY_PATCH]));
      return requireObject(applyMergePatch(current, withoutDirectives(body)));
    case JSON_PATCH: {
      if (!Array.isArray(body)) throw badRequest('json patch must be an array of operations');
      try {
        const result = jsonPatch.applyPatch(structuredClone(current), body as Operation[], true, true, true);
        return requireObject(result.newDocument);
      } catch (error) {
        if (error instanceof jsonPatch.JsonPatchError) {
          throw new KubeApiError(422, 'Invalid', `the server rejected our request due to an error in our request: ${error.message.split('\n')[0]}`);
        }
        throw error;
      }
    }
    default:
      throw unsupportedPatch(mediaType, unknownFormat(options.builtIn ? [JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH, APPLY_PATCH] : [JSON_PATCH, MERGE_PATCH, APPLY_PATCH]));
  }
}

/** kube-apiserver's 415 text, with the patch types the resource accepts in its order. */
function unknownFormat(accepted: readonly string[]): string {
  return `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`;
}

function unsupportedPatch(mediaType: string, message: string): KubeApiError {
  return new KubeApiError(415, 'UnsupportedMediaType', mediaType === APPLY_PATCH ? `${APPLY_PATCH} is not supported by this simulator` : message);
}

function requireObject(value: Json): Record<string, unknown> {
  if (!isPlainObject(value)) throw badRequest('the patch result is not a JSON object');
  return value;
}
