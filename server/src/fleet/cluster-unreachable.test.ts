import { describe, expect, it } from 'vitest';
import { CredentialError } from '../connections/index.js';
import { unreachableReason } from './cluster-unreachable.js';

const withCode = (code: string, message = code): Error => Object.assign(new Error(message), { code });
const answered = (status: number): Error => Object.assign(new Error(`HTTP ${status}`), { code: status });

describe('unreachableReason: which failures make the detail fall back to the last known state', () => {
  it('counts failures without an answer, in words that say what to check', () => {
    expect(unreachableReason(withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:6443'), 15_000)).toMatch(/^connection refused/);
    expect(unreachableReason(withCode('ENOTFOUND'), 15_000)).toMatch(/host name does not resolve/);
    expect(unreachableReason(new Error('socket hang up'), 15_000)).toMatch(/was reset/);
    expect(unreachableReason(withCode('CERT_HAS_EXPIRED', 'certificate has expired'), 15_000)).toMatch(/TLS verification failed \(CERT_HAS_EXPIRED\)/);
    expect(unreachableReason(Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }), 15_000)).toBe('no answer within 15 s');
    expect(unreachableReason(withCode('ERR_HTTP2_STREAM_ERROR', 'Stream closed with error code NGHTTP2_REFUSED_STREAM'), 15_000)).toMatch(/ERR_HTTP2_STREAM_ERROR/);
    expect(unreachableReason(withCode('EENDPOINTREFUSED', '10.0.0.1 is in a denied network (ENDPOINT_DENY_NETWORKS)'), 15_000)).toBe('10.0.0.1 is in a denied network (ENDPOINT_DENY_NETWORKS)');
    expect(unreachableReason(new CredentialError('kubelogin failed: AADSTS700082 refresh token expired'), 15_000)).toBe('credentials could not be obtained: kubelogin failed: AADSTS700082 refresh token expired');
  });

  it('counts 5xx, 429 and a refused token; not 403, 404 or other answers', () => {
    expect(unreachableReason(answered(503), 15_000)).toMatch(/HTTP 503/);
    expect(unreachableReason(answered(500), 15_000)).toMatch(/HTTP 500/);
    expect(unreachableReason(answered(429), 15_000)).toMatch(/throttling/);
    expect(unreachableReason(answered(401), 15_000)).toMatch(/rejected the credentials.*renew/);
    for (const status of [400, 403, 404, 409, 422]) expect(unreachableReason(answered(status), 15_000), String(status)).toBeUndefined();
  });
});
