/** Snapshot of what clients asked the simulator, for assertions on caching and call volume. */
export interface AzureCountersSnapshot {
  /** Successful and failed token requests, keyed by client id (managed identity requests too). */
  tokenRequests: Record<string, number>;
  /** ARM calls keyed by operation id as in the Azure REST specs, e.g. `ManagedClusters_List`. */
  armCalls: Record<string, number>;
  /** TLS connections accepted, per server: shows whether clients keep connections alive. */
  connections: Record<AzureServerName, number>;
}

export type AzureServerName = 'entra' | 'arm';

/** Live counters; read them with `snapshot()` or the helpers, zero them with `reset()`. */
export class AzureCounters {
  private tokens = new Map<string, number>();
  private arm = new Map<string, number>();
  private connections: Record<AzureServerName, number> = { entra: 0, arm: 0 };

  recordTokenRequest(clientId: string): void {
    this.tokens.set(clientId, (this.tokens.get(clientId) ?? 0) + 1);
  }

  recordArmCall(operation: string): void {
    this.arm.set(operation, (this.arm.get(operation) ?? 0) + 1);
  }

  recordConnection(server: AzureServerName): void {
    this.connections[server] += 1;
  }

  connectionsTo(server: AzureServerName): number {
    return this.connections[server];
  }

  tokenRequestsFor(clientId: string): number {
    return this.tokens.get(clientId) ?? 0;
  }

  armCallsFor(operation: string): number {
    return this.arm.get(operation) ?? 0;
  }

  snapshot(): AzureCountersSnapshot {
    return { tokenRequests: Object.fromEntries(this.tokens), armCalls: Object.fromEntries(this.arm), connections: { ...this.connections } };
  }

  reset(): void {
    this.tokens = new Map();
    this.arm = new Map();
    this.connections = { entra: 0, arm: 0 };
  }
}
