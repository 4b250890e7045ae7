import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread running the module `name` beside `callerUrl` (pass `import.meta.url`).
 * The built server runs `<name>.js`; run from TypeScript sources (tests, `tsx`), the worker has to
 * register the same TypeScript loader before it can import `<name>.ts`.
 */
export function startModuleWorker(callerUrl: string, name: string): Worker {
  const fromSource = callerUrl.endsWith('.ts');
  const entry = new URL(`./${name}${fromSource ? '.ts' : '.js'}`, callerUrl);
  if (!fromSource) return new Worker(entry);
  return new Worker(`import('tsx/esm/api').then((tsx) => tsx.register()).then(() => import(${JSON.stringify(entry.href)}))`, { eval: true });
}
