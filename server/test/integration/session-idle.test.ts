import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { IdentityService } from '../../src/auth/identity.service.js';
import { IdentityRepo, openDatabase } from '../../src/store/index.js';
import { createTestDatabase } from '../support/test-databases.js';

/** The idle timeout counts from the last request, however short it is set (SESSION_IDLE_MINUTES). */
describe('session idle expiry', () => {
  it('keeps a session used every 20 s alive under a 1-minute idle timeout, and ends it after a minute without use', async () => {
    const testDb = await createTestDatabase('sqlite');
    const opened = await openDatabase(testDb.url);
    try {
      let now = new Date('2026-12-01T10:00:00Z');
      const identity = new IdentityService({ repo: new IdentityRepo(opened.db, opened.dialect), logger: pino({ level: 'silent' }), sessionIdleMs: 60_000, sessionMaxAgeMs: 3_600_000, now: () => now });
      const user = await identity.createUser({ username: 'dana', kind: 'local', password: 'dana has a long password' });
      const session = await identity.startSession(user, [], undefined);
      for (let step = 1; step <= 9; step += 1) {
        now = new Date(now.getTime() + 20_000);
        expect(await identity.sessionPrincipal(session.token), `after ${step * 20} s of use`).toMatchObject({ username: 'dana' });
      }
      now = new Date(now.getTime() + 60_000);
      expect(await identity.sessionPrincipal(session.token)).toBeUndefined();
    } finally {
      await opened.close();
      await testDb.drop();
    }
  });
});
