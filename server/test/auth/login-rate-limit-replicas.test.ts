import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyRing } from '../../src/secrets/index.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '../support/test-databases.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitUntil } from '../support/wait-until.js';
import { initialAdminPassword } from './support.js';

/** Two server replicas on one PostgreSQL database count sign-in attempts against one limit. */
describe.runIf(testDatabaseKinds().includes('postgres'))('sign-in attempt limit across replicas', () => {
  let database: TestDatabase;
  let one: TestServer;
  let two: TestServer;
  const key = KeyRing.generateKeyText();

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    const env = { AUTH_MODE: 'local', DATABASE_URL: database.url, ENCRYPTION_KEY: key, LOGIN_ATTEMPTS_PER_MINUTE: '4' };
    one = await startTestServer(env);
    two = await startTestServer(env);
  }, 60_000);
  afterAll(async () => {
    await two?.close();
    await one?.close();
    await database?.drop();
  });

  it('refuses the attempt past the limit with 429 whichever replica gets it, and audits every failed one', async () => {
    const login = (server: TestServer, password: string) => server.request('POST', '/api/v1/auth/login', { username: 'admin', password });
    // Four failed attempts, spread over both replicas: each replica alone has seen two.
    const failed = [await login(one, 'wrong-1'), await login(two, 'wrong-2'), await login(one, 'wrong-3'), await login(two, 'wrong-4')];
    expect(failed.map((answer) => answer.status)).toEqual([401, 401, 401, 401]);
    // The fifth, on either replica, is refused before the password is looked at (it is the right one).
    for (const server of [one, two]) {
      const throttled = await login(server, initialAdminPassword(one));
      expect(throttled.status, throttled.text).toBe(429);
      expect(throttled.json.error.code).toBe('too_many_requests');
      expect(throttled.json.error.message).toMatch(/^Too many attempts; try again in \d+ s$/);
      expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    const audit = one.server.database.db;
    const failedRows = await audit.selectFrom('audit_log').select(['actor', 'target', 'source']).where('action', '=', 'auth.login.failed').orderBy('id').execute();
    expect(failedRows).toEqual(Array.from({ length: 4 }, () => ({ actor: 'anonymous', target: 'admin', source: '127.0.0.1' })));
    await waitUntil('both throttled attempts audited', async () => (await audit.selectFrom('audit_log').select('id').where('action', '=', 'auth.login.throttled').execute()).length === 2);
    // One shared counter for the route and address, not one per replica.
    const buckets = await audit.selectFrom('rate_limits').select(['bucket', 'hits']).execute();
    expect(buckets).toEqual([{ bucket: 'POST /api/v1/auth/login|127.0.0.1', hits: 6 }]);
  });
});
