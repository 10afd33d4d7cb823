import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const REPO_ROOT = path.resolve(import.meta.dirname, '../../../..');
const BACKEND_DIR = path.join(REPO_ROOT, 'backend');
const WEB_DIST_INDEX = path.join(REPO_ROOT, 'apps/web/dist/index.html');
const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;
const OUTPUT_KEPT_CHARS = 20_000;

// Only what a process needs to run; nothing that could point the product at a real Supabase,
// an existing database or real CRM apps (SUPABASE_*, DATABASE_URL, HUBSPOT_*, ZOHO_*, …).
const INHERITED_ENV = ['PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'SYSTEMROOT'];

export type Product = {
  /** The address the product prints, e.g. http://localhost:41234 */
  url: string;
  /** How much the product has printed so far: a mark for `outputSince`. */
  outputMark: () => number;
  /** What the product printed after `mark` (its last 20,000 characters at most). */
  outputSince: (mark: number) => string;
  stop: () => Promise<void>;
};

async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Starts the real product as `pnpm start` does (backend/src/server.ts under tsx, embedded
 * Postgres, local auth, serving apps/web/dist) in a fresh data directory on a free port.
 */
export async function startProduct(options: { env?: Record<string, string> } = {}): Promise<Product> {
  if (!existsSync(WEB_DIST_INDEX)) {
    throw new Error(`The web app is not built (${WEB_DIST_INDEX} is missing): run \`pnpm --filter @voiceagent/web build\` first.`);
  }
  const port = await findFreePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'voiceagent-e2e-'));
  const env: NodeJS.ProcessEnv = {};
  for (const name of INHERITED_ENV) if (process.env[name] !== undefined) env[name] = process.env[name];
  // The product reads .env from INIT_CWD (or its cwd): the empty data directory has none.
  // A spec's own settings (CRM_SANDBOX_CONTACTS…) first: where the product runs is not theirs to change.
  Object.assign(env, options.env, { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, INIT_CWD: dataDir });

  const tsx = pathToFileURL(createRequire(path.join(BACKEND_DIR, 'package.json')).resolve('tsx')).href;
  const child = spawn(process.execPath, ['--import', tsx, path.join(BACKEND_DIR, 'src/server.ts')], {
    cwd: dataDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let output = '';
  let printed = 0;
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    printed += text.length;
    output = (output + text).slice(-OUTPUT_KEPT_CHARS);
  };
  const outputSince = (mark: number) => {
    const length = Math.min(output.length, printed - mark);
    return length > 0 ? output.slice(-length) : '';
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const url = `http://localhost:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, STOP_TIMEOUT_MS))) {
        console.warn(`[e2e] the product did not stop within ${STOP_TIMEOUT_MS / 1000}s of SIGTERM; killing it`);
        child.kill('SIGKILL');
        await waitForExit(child, 5_000);
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`The product exited (${child.exitCode ?? child.signalCode}) before it was ready. Its output:\n${output}`);
    }
    try {
      const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return { url, outputMark: () => printed, outputSince, stop };
    } catch {
      // Not listening yet.
    }
    await delay(250);
  }
  await stop();
  throw new Error(`The product was not ready within ${READY_TIMEOUT_MS / 1000}s (GET /readyz). Its output:\n${output}`);
}
