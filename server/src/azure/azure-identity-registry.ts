import type { TokenCredential } from '@azure/identity';
import { AksTokenSource } from './aks-credential-provider.js';
import { createTokenCredential, identityKey, type AzureIdentitySettings } from './azure-identity.js';

interface IdentityEntry {
  credential: TokenCredential;
  aksTokens: AksTokenSource;
}

/**
 * One TokenCredential (and one AKS token cache) per distinct identity, however many
 * subscriptions and clusters use it: the token counts stay at one per identity per lifetime.
 */
export class AzureIdentityRegistry {
  private readonly entries = new Map<string, IdentityEntry>();

  get(settings: AzureIdentitySettings): IdentityEntry {
    const key = identityKey(settings);
    let entry = this.entries.get(key);
    if (!entry) {
      const credential = createTokenCredential(settings);
      entry = { credential, aksTokens: new AksTokenSource(credential, `${settings.authMethod} ${settings.clientId ?? 'system-assigned'}`) };
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** Forgets identities no subscription uses any more (e.g. after a secret rotation). */
  retain(inUse: AzureIdentitySettings[]): void {
    const keep = new Set(inUse.map(identityKey));
    for (const key of this.entries.keys()) if (!keep.has(key)) this.entries.delete(key);
  }
}
