import { describe, expect, it } from 'vitest';
import { atLeast, isAbout, parseLogLine } from './log-entry.js';

describe('controller log lines', () => {
  const line = '2026-11-30T08:00:00.123456789Z {"level":"error","ts":"2026-11-30T08:00:00.123Z","msg":"Reconciler error","controller":"kustomization","controllerGroup":"kustomize.toolkit.fluxcd.io","controllerKind":"Kustomization","Kustomization":{"name":"apps","namespace":"flux-system"},"namespace":"flux-system","name":"apps","reconcileID":"r1"}';

  it('splits the kubelet timestamp and parses the JSON fields', () => {
    const entry = parseLogLine(line, 'kustomize-controller-abc', 'manager');
    expect(entry).toMatchObject({ time: '2026-11-30T08:00:00.123456789Z', level: 'error', message: 'Reconciler error', pod: 'kustomize-controller-abc', container: 'manager' });
    expect(entry.fields).toMatchObject({ controller: 'kustomization', reconcileID: 'r1' });
    expect(entry.fields).not.toHaveProperty('msg');
  });

  it('keeps a plain text line as the message', () => {
    expect(parseLogLine('starting server on :8080', 'p', 'c')).toEqual({ time: null, level: 'info', message: 'starting server on :8080', pod: 'p', container: 'c', fields: {} });
    expect(parseLogLine('{not json', 'p', 'c').message).toBe('{not json');
  });

  it('matches the object by kind, namespace and name, as flux logs does', () => {
    const entry = parseLogLine(line, 'p', 'manager');
    expect(isAbout(entry, 'Kustomization', 'flux-system', 'apps')).toBe(true);
    expect(isAbout(entry, 'Kustomization', 'flux-system', 'infra')).toBe(false);
    expect(isAbout(entry, 'Kustomization', 'other', 'apps')).toBe(false);
    expect(isAbout(entry, 'HelmRelease', 'flux-system', 'apps')).toBe(false);
  });

  it('filters by level', () => {
    const error = parseLogLine(line, 'p', 'c');
    const debug = parseLogLine('{"level":"debug","msg":"x"}', 'p', 'c');
    expect(atLeast(error, 'error')).toBe(true);
    expect(atLeast(debug, 'info')).toBe(false);
    expect(atLeast(debug, undefined)).toBe(true);
  });
});
