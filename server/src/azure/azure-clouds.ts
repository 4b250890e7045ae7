import type { AzureEnvironment } from './azure.schemas.js';

/** The AKS AAD server application: the audience of tokens for every AKS API server. */
export const AKS_SERVER_APP_ID = '6dae42f8-4368-4678-94ff-3960e28e3630';

/** Where one Azure cloud's identity and resource manager live. */
export interface AzureCloudEndpoints {
  authorityHost: string;
  resourceManagerEndpoint: string;
  resourceManagerAudience: string;
  /** The `--environment` name kubelogin expects. */
  kubeloginEnvironment: string;
  /** A non-Microsoft authority: MSAL must not try instance discovery against it. */
  custom: boolean;
}

const KNOWN: Record<Exclude<AzureEnvironment, 'custom'>, AzureCloudEndpoints> = {
  AzurePublicCloud: {
    authorityHost: 'https://login.microsoftonline.com',
    resourceManagerEndpoint: 'https://management.azure.com',
    resourceManagerAudience: 'https://management.azure.com',
    kubeloginEnvironment: 'AzurePublicCloud',
    custom: false,
  },
  AzureChinaCloud: {
    authorityHost: 'https://login.chinacloudapi.cn',
    resourceManagerEndpoint: 'https://management.chinacloudapi.cn',
    resourceManagerAudience: 'https://management.chinacloudapi.cn',
    kubeloginEnvironment: 'AzureChinaCloud',
    custom: false,
  },
  AzureUSGovernment: {
    authorityHost: 'https://login.microsoftonline.us',
    resourceManagerEndpoint: 'https://management.usgovcloudapi.net',
    resourceManagerAudience: 'https://management.usgovcloudapi.net',
    kubeloginEnvironment: 'AzureUSGovernmentCloud',
    custom: false,
  },
};

export interface CloudSettings {
  environment: AzureEnvironment;
  authority_host: string | null;
  resource_manager_endpoint: string | null;
  resource_manager_audience: string | null;
}

export function cloudEndpoints(settings: CloudSettings): AzureCloudEndpoints {
  if (settings.environment !== 'custom') return KNOWN[settings.environment];
  const strip = (url: string) => url.replace(/\/+$/, '');
  const resourceManagerEndpoint = strip(settings.resource_manager_endpoint!);
  return {
    authorityHost: strip(settings.authority_host!),
    resourceManagerEndpoint,
    resourceManagerAudience: strip(settings.resource_manager_audience ?? resourceManagerEndpoint),
    // kubelogin's documented way to reach a cloud it does not know: AzureStackCloud, with the
    // endpoints in a JSON file named by AZURE_ENVIRONMENT_FILEPATH (see kubeloginEnvironmentFile).
    kubeloginEnvironment: 'AzureStackCloud',
    custom: true,
  };
}

/**
 * The endpoints file kubelogin reads for `--environment AzureStackCloud` (go-autorest's
 * environment format; kubelogin signs in at `activeDirectoryEndpoint`). Only for custom clouds.
 */
export function kubeloginEnvironmentFile(cloud: AzureCloudEndpoints): Record<string, unknown> {
  return {
    name: 'AzureStackCloud',
    activeDirectoryEndpoint: `${cloud.authorityHost}/`,
    resourceManagerEndpoint: `${cloud.resourceManagerEndpoint}/`,
    tokenAudience: cloud.resourceManagerAudience,
    resourceIdentifiers: {},
  };
}
