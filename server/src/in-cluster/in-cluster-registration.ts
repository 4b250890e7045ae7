import type { Logger } from 'pino';
import { ApiError } from '../common/api-error.js';
import { resolveStoredKubeconfig, type ClustersService } from '../clusters/index.js';
import type { AuthStrategy } from '../connections/index.js';
import { inClusterKubeconfig, readInClusterEnvironment, type InClusterEnvironment, type InClusterSettings } from './in-cluster-environment.js';
import { TokenFileCredentialProvider } from './token-file-credential-provider.js';

/** Where the registered cluster's id is kept, so a rename by people does not make a second one. */
export const IN_CLUSTER_SETTING = 'in_cluster.cluster_id';

export interface InClusterRegistrationOptions {
  settings: InClusterSettings;
  clusters: ClustersService;
  /** Key-value settings (the store's settings table). */
  keyValues: { get(key: string): Promise<string | undefined>; set(key: string, value: string): Promise<void> };
  logger: Logger;
  /** How long a read token is used before the file is read again (tests shorten it). */
  tokenRereadMs?: number;
}

/**
 * Registers the cluster the server runs in, through its ServiceAccount: one cluster, created on
 * the first start and updated when the API server address or CA changes. Its kubeconfig holds no
 * credential; the auth strategy gives its connection the projected token, read from the file
 * (it rotates), and only while the cluster still points at this API server, so an edited
 * kubeconfig never carries the ServiceAccount token elsewhere.
 */
export class InClusterRegistration {
  private clusterId: string | undefined;
  private environment: InClusterEnvironment | undefined;

  constructor(private readonly options: InClusterRegistrationOptions) {}

  authStrategy(): AuthStrategy {
    return {
      name: 'in-cluster',
      providerFor: async (cluster, _kubeconfig, resolved) => {
        const environment = this.environment;
        if (!environment || cluster.id !== this.clusterId || resolved.server !== environment.server || resolved.authKind !== 'none') return undefined;
        return new TokenFileCredentialProvider(environment.tokenFile, this.options.tokenRereadMs);
      },
    };
  }

  /** Creates or refreshes the cluster; returns its id, or undefined (logged) when it cannot. Never throws: the server starts anyway. */
  async register(): Promise<string | undefined> {
    const { settings, clusters, keyValues, logger } = this.options;
    try {
      const environment = await readInClusterEnvironment(settings);
      const kubeconfig = inClusterKubeconfig(environment, settings.name);
      const known = await keyValues.get(IN_CLUSTER_SETTING);
      let id = known ? await this.refresh(known, environment, kubeconfig) : undefined;
      if (!id) {
        try {
          id = (await clusters.create({ name: settings.name, description: 'The cluster this server runs in, reached through its ServiceAccount', kubeconfig })).id;
          await keyValues.set(IN_CLUSTER_SETTING, id);
          logger.info({ clusterId: id, server: environment.server }, 'registered the cluster this server runs in');
        } catch (error) {
          // Replicas starting together: another one created it a moment ago. The same name and
          // the same API server make it ours; anything else under that name is someone's cluster.
          if (!(error instanceof ApiError && error.statusCode === 409)) throw error;
          const existing = (await clusters.list()).find((cluster) => cluster.name === settings.name);
          if (!existing || !(await this.refresh(existing.id, environment, kubeconfig, true))) throw error;
          id = existing.id;
        }
      }
      this.environment = environment;
      this.clusterId = id;
      return id;
    } catch (error) {
      logger.warn({ err: error }, `IN_CLUSTER_REGISTER is set but the cluster this server runs in could not be registered: ${(error as Error).message}`);
      return undefined;
    }
  }

  /** The known cluster's id after updating its address and CA if they changed; undefined when it was deleted. */
  private async refresh(id: string, environment: InClusterEnvironment, kubeconfig: string, onlyIfSameServer = false): Promise<string | undefined> {
    let current: string;
    try {
      current = (await this.options.clusters.openKubeconfig(id)).kubeconfig;
    } catch (error) {
      if (error instanceof ApiError && error.statusCode === 404) return undefined; // deleted by someone: register anew
      throw error;
    }
    const stored = resolveStoredKubeconfig(current);
    const wanted = resolveStoredKubeconfig(kubeconfig);
    if (onlyIfSameServer && (stored.server !== wanted.server || stored.authKind !== 'none')) return undefined;
    if (stored.server !== wanted.server || stored.caData !== wanted.caData || stored.authKind !== 'none') {
      await this.options.clusters.update(id, { kubeconfig });
      this.options.logger.info({ clusterId: id, server: environment.server }, 'updated the address or CA of the cluster this server runs in');
    }
    return id;
  }
}
