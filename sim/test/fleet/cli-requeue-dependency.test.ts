import { afterEach, describe, expect, it } from 'vitest';
import { failingCli, manifestOf, startCli, stopAllClis } from './cli-harness.js';

afterEach(async () => {
  await stopAllClis();
});

describe('npm run sim --requeue-dependency', () => {
  it('sets the controllers\' --requeue-dependency for the fleet, prints it and records it in manifest.json', async () => {
    const cli = await startCli(['--clusters', '1', '--objects', '0', '--requeue-dependency', '1500ms']);
    expect((await manifestOf(cli)).requeue_dependency).toBe('1.5s');
    expect(cli.output()).toContain('requeue:   an object whose dependsOn is not ready retries in 1.5s');
  });

  it('refuses a value that is not a positive duration', async () => {
    for (const value of ['0s', '30', 'soon']) {
      const failed = await failingCli(['--requeue-dependency', value]);
      expect(failed.code, value).toBe(2);
      expect(failed.stderr).toContain(`--requeue-dependency must be a positive duration such as 30s, 5s or 500ms, got "${value}"`);
    }
  });
});
