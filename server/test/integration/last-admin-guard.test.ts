import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/common/api-error.js';
import { IdentityService } from '../../src/auth/identity.service.js';
import type { Principal } from '../../src/auth/principal.js';
import { IdentityRepo, openDatabase } from '../../src/store/index.js';
import { createTestDatabase, testDatabaseKinds, type TestDatabaseKind } from '../support/test-databases.js';

/**
 * Two admins who remove each other at the same moment: the last-admin check and the write after it
 * run as one guarded step, so one change goes through and the other is refused, on every database.
 * Each case gets a database of its own (the guard counts every admin binding in it).
 */
describe.each(testDatabaseKinds())('the last-admin guard under concurrent changes on %s', (kind) => {
  it('of two fleet admins deleting each other’s binding at once, exactly one succeeds', async () => {
    await withTwoAdmins(kind, async ({ identity, bindingOf }) => {
      const outcomes = await Promise.allSettled([identity.deleteBinding(bindingOf.ana), identity.deleteBinding(bindingOf.ben)]);
      expectOneDoneOneRefused(outcomes);
      expect(await fleetAdminBindings(identity)).toHaveLength(1);
    });
  });

  it('of two fleet admins disabling each other at once, exactly one succeeds', async () => {
    await withTwoAdmins(kind, async ({ identity, callerOf, idOf }) => {
      const outcomes = await Promise.allSettled([
        identity.updateUser(callerOf.ana, idOf.ben, { disabled: true }),
        identity.updateUser(callerOf.ben, idOf.ana, { disabled: true }),
      ]);
      expectOneDoneOneRefused(outcomes);
      expect((await identity.listUsers()).filter((user) => user.disabled === 0)).toHaveLength(1);
    });
  });

  it('of two fleet admins, one narrowing the other’s binding while the other deletes the first’s user, exactly one succeeds', async () => {
    await withTwoAdmins(kind, async ({ identity, bindingOf, idOf }) => {
      const outcomes = await Promise.allSettled([identity.updateBinding(bindingOf.ben, { role: 'viewer' }), identity.deleteUser(idOf.ana)]);
      expectOneDoneOneRefused(outcomes);
      expect(await fleetAdminBindings(identity)).toHaveLength(1);
    });
  });
});

interface TwoAdmins {
  identity: IdentityService;
  idOf: { ana: string; ben: string };
  bindingOf: { ana: string; ben: string };
  callerOf: { ana: Principal; ben: Principal };
}

/** A fresh database with exactly two users, each bound to admin over the whole fleet. */
async function withTwoAdmins(kind: TestDatabaseKind, test: (admins: TwoAdmins) => Promise<void>): Promise<void> {
  const testDb = await createTestDatabase(kind);
  const opened = await openDatabase(testDb.url);
  try {
    const identity = new IdentityService({ repo: new IdentityRepo(opened.db, opened.dialect), logger: pino({ level: 'silent' }), sessionIdleMs: 60_000, sessionMaxAgeMs: 3_600_000 });
    const ana = await identity.createUser({ username: 'ana', kind: 'service', role: 'admin' });
    const ben = await identity.createUser({ username: 'ben', kind: 'service', role: 'admin' });
    const bindings = await identity.listBindings();
    const bindingOf = (userId: string) => bindings.find((binding) => binding.subject === userId)!.id;
    const callerOf = (user: { id: string; username: string }): Principal => ({ kind: 'user', actor: user.username, userId: user.id, username: user.username, groups: [], bindings: [{ role: 'admin' }] });
    await test({
      identity,
      idOf: { ana: ana.id, ben: ben.id },
      bindingOf: { ana: bindingOf(ana.id), ben: bindingOf(ben.id) },
      callerOf: { ana: callerOf(ana), ben: callerOf(ben) },
    });
  } finally {
    await opened.close();
    await testDb.drop();
  }
}

function expectOneDoneOneRefused(outcomes: Array<PromiseSettledResult<unknown>>): void {
  expect(outcomes.filter((outcome) => outcome.status === 'fulfilled' && outcome.value)).toHaveLength(1);
  const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
  expect(refused).toHaveLength(1);
  expect(refused[0]).toBeInstanceOf(ApiError);
  expect(refused[0]).toMatchObject({ statusCode: 409, code: 'last_admin' });
}

async function fleetAdminBindings(identity: IdentityService) {
  return (await identity.listBindings()).filter((binding) => binding.role === 'admin' && !binding.cluster_ids_json && !binding.cluster_selector && !binding.namespaces_json);
}
