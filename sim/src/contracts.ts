/**
 * Contracts shared by the simulator's parts: the Kubernetes API server (`kube/`), the object
 * store and Flux controllers (`store/`, `flux/`) and the Azure simulator (`azure/`).
 */
export type { KubeObject, ObjectMeta, ObjectStore, ResourceType, StoreEvent, ListOptions, ListResult } from './store/types.js';
export { StoreError } from './store/types.js';

/** Who a request is, after authentication (what Kubernetes calls user info). */
export interface Identity {
  user: string;
  groups: string[];
}

/**
 * Recognises a bearer token. Returns the identity, `null` when the token is not one this
 * authenticator knows (the next one is tried), or throws `TokenRejectedError` when it knows the
 * token but it is invalid (expired, wrong audience, bad signature) — the API server answers 401.
 */
export type TokenAuthenticator = (bearerToken: string) => Identity | null | Promise<Identity | null>;

export class TokenRejectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenRejectedError';
  }
}

export interface LogLine {
  time: Date;
  text: string;
}

/** Container logs of one simulated cluster; the API server serves `pods/{name}/log` from it. */
export interface PodLogStore {
  append(namespace: string, pod: string, container: string, text: string, time?: Date): void;
  read(namespace: string, pod: string, container: string, options?: { tailLines?: number; sinceSeconds?: number }): LogLine[];
  /** New lines as they are appended (for `follow=true`). Returns an unsubscribe function. */
  subscribe(namespace: string, pod: string, container: string, listener: (line: LogLine) => void): () => void;
}
