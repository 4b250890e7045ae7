import { describe, expect, it } from 'vitest';
import { endsSession } from './client.js';

describe('endsSession', () => {
  it('takes a 401 of any API call as a lost session, except the answers about signing in itself', () => {
    expect(endsSession('http://localhost/api/v1/clusters')).toBe(true);
    expect(endsSession('http://localhost/api/v1/auth/password')).toBe(true);
    // "Nobody is signed in" and "wrong password" are answers, not a session that ended.
    expect(endsSession('http://localhost/api/v1/auth/me')).toBe(false);
    expect(endsSession('http://localhost/api/v1/auth/login')).toBe(false);
    expect(endsSession('/api/v1/auth/me?x=1')).toBe(false);
  });
});
