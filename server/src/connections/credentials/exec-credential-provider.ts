import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pLimit from 'p-limit';
import type { ExecPluginConfig } from '../../clusters/index.js';
import { CredentialError, type ClusterCredential, type CredentialProvider } from './credential-provider.js';
import { RefreshingToken } from './refreshing-token.js';

const execFileAsync = promisify(execFile);

/**
 * Exec plugins are whole processes (kubelogin is a Go binary of tens of MB): however many clusters
 * are checked at once, at most this many plugins run at the same time. The rest wait their turn;
 * a plugin's timeout starts when it starts.
 */
export const MAX_CONCURRENT_EXEC_PLUGINS = 8;
const pluginSlots = pLimit(MAX_CONCURRENT_EXEC_PLUGINS);

export interface ExecCredentialProviderOptions {
  exec: ExecPluginConfig;
  /** Commands allowed to run; re-checked here so a changed allow-list takes effect. */
  allowlist: readonly string[];
  timeoutMs?: number;
}

/**
 * Runs a kubeconfig exec plugin (e.g. kubelogin) the way kubectl does and caches the
 * ExecCredential token until shortly before it expires. The plugin gets a minimal environment
 * plus the kubeconfig's own env entries; secrets travel in env, never in arguments we add.
 */
export class ExecCredentialProvider implements CredentialProvider {
  private readonly token: RefreshingToken;

  constructor(private readonly options: ExecCredentialProviderOptions) {
    this.token = new RefreshingToken({ fetch: () => this.run(), refreshMarginMs: 60_000 });
  }

  async getCredential(): Promise<ClusterCredential> {
    const { token, expiresAt } = await this.token.get();
    return { type: 'bearer-token', token, expiresAt };
  }

  invalidate(): void {
    this.token.invalidate();
  }

  describe(): string {
    return `exec: ${this.options.exec.command}`;
  }

  private async run(): Promise<{ token: string; expiresAt: Date }> {
    const { command, args, env, apiVersion } = this.options.exec;
    if (!this.options.allowlist.includes(command)) {
      throw new CredentialError(`exec command "${command}" is no longer allowed (KUBECONFIG_EXEC_ALLOWLIST)`);
    }
    let stdout: string;
    try {
      ({ stdout } = await pluginSlots(() => execFileAsync(command, args, {
        env: {
          PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
          HOME: process.env.HOME ?? '/tmp',
          KUBERNETES_EXEC_INFO: JSON.stringify({ apiVersion, kind: 'ExecCredential', spec: { interactive: false } }),
          ...env,
        },
        timeout: this.options.timeoutMs ?? 30_000,
        maxBuffer: 1024 * 1024,
      })));
    } catch (error) {
      const e = error as NodeJS.ErrnoException & { stderr?: string; killed?: boolean };
      if (e.code === 'ENOENT') {
        throw new CredentialError(
          `${command}: command not found. Install ${command} on the server and make sure it is on PATH` +
            (command === 'kubelogin' ? ' (e.g. `brew install Azure/kubelogin/kubelogin`, or the kubelogin release binary in /usr/local/bin)' : ''),
        );
      }
      if (e.killed) throw new CredentialError(`${command} did not finish in time`);
      // stderr of a credential plugin may echo secrets; report only its first line, trimmed.
      const firstLine = (e.stderr ?? '').split('\n').find((line) => line.trim()) ?? e.message;
      throw new CredentialError(`${command} failed: ${firstLine.slice(0, 300)}`);
    }
    let parsed: { status?: { token?: string; expirationTimestamp?: string } };
    try {
      parsed = JSON.parse(stdout);
    } catch {
      throw new CredentialError(`${command} did not print an ExecCredential JSON object`);
    }
    const token = parsed.status?.token;
    if (!token) throw new CredentialError(`${command} returned no token (only token credentials are supported from exec plugins)`);
    const expiresAt = parsed.status?.expirationTimestamp ? new Date(parsed.status.expirationTimestamp) : new Date(Date.now() + 10 * 60_000);
    return { token, expiresAt };
  }
}
