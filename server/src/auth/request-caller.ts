import { AsyncLocalStorage } from 'node:async_hooks';

/** Who a request runs for, readable anywhere below its handler (the audit trail uses it). */
export interface RequestCaller {
  /** Username, `token:<owner>/<name>`, or `anonymous` (AUTH_MODE=none, or not signed in yet). */
  actor: string;
  /** Client address. */
  source: string;
}

const storage = new AsyncLocalStorage<RequestCaller>();

export function runWithCaller(caller: RequestCaller, next: () => void): void {
  storage.run(caller, next);
}

/** The caller of the request being handled, or undefined in background work. */
export function currentCaller(): RequestCaller | undefined {
  return storage.getStore();
}

/** The caller, as plain JSON, for work that runs later or on another replica (a job). */
export function captureCaller(): RequestCaller | undefined {
  const caller = storage.getStore();
  return caller ? { actor: caller.actor, source: caller.source } : undefined;
}

/** Runs `work` as a caller captureCaller returned (maybe in another process). */
export function runAsCaller<T>(caller: RequestCaller, work: () => Promise<T>): Promise<T> {
  return storage.run({ actor: caller.actor, source: caller.source }, work);
}
