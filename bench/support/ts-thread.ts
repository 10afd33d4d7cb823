import { Worker } from 'node:worker_threads';

/**
 * Starts a TypeScript module on a thread of its own. A thread does not inherit tsx's loader (nor
 * does `--import tsx` in its execArgv take on Node 20), so it registers the loader first.
 */
export function startTsThread(file: URL, workerData: unknown): Worker {
  const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(file.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}
