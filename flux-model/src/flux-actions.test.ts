import { describe, expect, it } from 'vitest';
import { FORCE_AT_ANNOTATION, REQUESTED_AT_ANNOTATION, RESET_AT_ANNOTATION, reconcilePatch, resumePatch, suspendPatch } from './flux-actions.js';

const token = '2026-11-29T10:15:30.123456789Z';

describe('CLI patches', () => {
  it('reconcile sets requestedAt', () => {
    expect(reconcilePatch(token)).toEqual({ metadata: { annotations: { 'reconcile.fluxcd.io/requestedAt': token } } });
  });

  it('reconcile --force / --reset set forceAt / resetAt to the same token', () => {
    expect(reconcilePatch(token, { force: true, reset: true })).toEqual({
      metadata: { annotations: { [REQUESTED_AT_ANNOTATION]: token, [FORCE_AT_ANNOTATION]: token, [RESET_AT_ANNOTATION]: token } },
    });
    expect(reconcilePatch(token, { force: true })).toEqual({ metadata: { annotations: { [REQUESTED_AT_ANNOTATION]: token, [FORCE_AT_ANNOTATION]: token } } });
  });

  it('suspend sets spec.suspend', () => {
    expect(suspendPatch()).toEqual({ spec: { suspend: true } });
  });

  it('resume unsuspends and requests a reconcile', () => {
    expect(resumePatch(token)).toEqual({ metadata: { annotations: { [REQUESTED_AT_ANNOTATION]: token } }, spec: { suspend: false } });
  });
});
