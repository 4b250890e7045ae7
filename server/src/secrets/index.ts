export { KeyRing, KeyFormatError, SealedValueError } from './key-ring.js';
export { loadKeyRing, GENERATED_KEY_FILE, type KeySourceResult } from './key-source.js';
export { verifyKeyRing, resealCanary, WrongEncryptionKeyError, type CanaryStore } from './key-check.js';
export { rotateKeys, type SealedCollection, type RotationReport } from './rotate-keys.js';
