import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateApiTypes, SCHEMA_FILE } from '../scripts/generate-api.js';

/**
 * The web app's API types are generated from the server's OpenAPI document and committed, so a
 * changed route or field fails `tsc -p web`. This fails when they were not regenerated.
 */
describe('generated API types', () => {
  it('match the server’s /api/v1/openapi.json (else run `npm run generate-api -w web`)', async () => {
    const expected = await generateApiTypes();
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    expect(committed === expected, 'web/src/api/generated/schema.d.ts is out of date with the server: run `npm run generate-api -w web` and commit it').toBe(true);
  });
});
