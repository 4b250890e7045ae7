import path from 'node:path';
import { startTestServer, type TestServer } from '../../../server/test/support/test-server.js';
import { startWebFront } from './web-front.js';
import { ensureWebBuild } from './web-build.js';

/** The real server (in process, temp data dir) serving the freshly built web app. */
export interface AppServer {
  /** Where the browser goes. */
  url: string;
  api: TestServer;
  close(): Promise<void>;
}

export async function startAppServer(env: Record<string, string> = {}): Promise<AppServer> {
  const webDir = path.resolve(await ensureWebBuild());
  if (process.env.E2E_WEB_FRONT === 'proxy') {
    const api = await startTestServer(env);
    const front = await startWebFront(webDir, api.url);
    return { url: front.url, api, close: async () => Promise.all([front.close(), api.close()]).then(() => undefined) };
  }
  const api = await startTestServer({ WEB_DIR: webDir, ...env });
  return { url: api.url, api, close: () => api.close() };
}
