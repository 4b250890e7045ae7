/** The simulated cluster's state: object store, pod logs and selector parsing. */
export * from './types.js';
export { MemoryObjectStore, type MemoryObjectStoreOptions } from './memory-object-store.js';
export { MemoryPodLogStore, type MemoryPodLogStoreOptions } from './memory-pod-log-store.js';
export { SelectorParseError, compileSelectors, parseLabelSelector, parseFieldSelector, type ObjectPredicate } from './selectors.js';
