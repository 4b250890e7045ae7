import type { Kysely } from 'kysely';
import type { Database } from './tables/index.js';

/** Small installation-wide facts. */
export class SettingsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async get(key: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value;
  }

  async set(key: string, value: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const existing = await trx.selectFrom('settings').select('key').where('key', '=', key).executeTakeFirst();
      if (existing) await trx.updateTable('settings').set({ value }).where('key', '=', key).execute();
      else await trx.insertInto('settings').values({ key, value }).execute();
    });
  }
}
