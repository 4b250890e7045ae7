/**
 * The JSON merge patches the flux CLI sends for `flux reconcile`, `flux suspend` and
 * `flux resume`. The controllers compare the annotation values with the `lastHandled*` fields of
 * the status, so the token only has to differ from the previous one (flux uses the current time
 * in RFC 3339 with nanoseconds).
 */

export const REQUESTED_AT_ANNOTATION = 'reconcile.fluxcd.io/requestedAt';
export const FORCE_AT_ANNOTATION = 'reconcile.fluxcd.io/forceAt';
export const RESET_AT_ANNOTATION = 'reconcile.fluxcd.io/resetAt';

/**
 * `flux reconcile`: sets requestedAt to `token`. `force` (one-off upgrade even without changes) and
 * `reset` (clear the retry counters) set forceAt/resetAt to the same token; only HelmRelease
 * honours them (see `FluxKind.reconcileOptions`).
 */
export function reconcilePatch(token: string, options: { force?: boolean; reset?: boolean } = {}): Record<string, unknown> {
  const annotations: Record<string, string> = { [REQUESTED_AT_ANNOTATION]: token };
  if (options.force) annotations[FORCE_AT_ANNOTATION] = token;
  if (options.reset) annotations[RESET_AT_ANNOTATION] = token;
  return { metadata: { annotations } };
}

/** `flux suspend`. */
export function suspendPatch(): Record<string, unknown> {
  return { spec: { suspend: true } };
}

/** `flux resume`: unsuspends and requests a reconcile in the same patch. */
export function resumePatch(token: string): Record<string, unknown> {
  return { metadata: { annotations: { [REQUESTED_AT_ANNOTATION]: token } }, spec: { suspend: false } };
}
