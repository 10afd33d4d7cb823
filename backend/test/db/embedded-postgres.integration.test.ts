import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres';

const backendDir = fileURLToPath(new URL('../../', import.meta.url));
const childScript = fileURLToPath(new URL('../support/embedded-postgres-child.ts', import.meta.url));

// The child prints its connection string once its server is up.
function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const newline = output.indexOf('\n');
      if (newline >= 0) resolve(output.slice(0, newline));
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before starting: ${output}`)));
  });
}

// The OS user the server runs as: `postgres` when the tests run as root, else ourselves.
function serverUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

async function query(connectionString: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('startEmbeddedPostgres', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function newDataDir(): Promise<string> {
    const root = await mkdtemp(path.join(tmpdir(), 'voiceagent-embedded-'));
    cleanups.push(() => rm(root, { recursive: true, force: true }));
    return path.join(root, 'postgres');
  }

  async function start(dataDir: string, port?: number): Promise<EmbeddedPostgres> {
    const server = await startEmbeddedPostgres({ dataDir, port });
    cleanups.push(() => server.stop());
    return server;
  }

  it('keeps the data of one run for the next, with the same generated credentials', async () => {
    const dataDir = await newDataDir();
    const first = await start(dataDir);
    await query(first.connectionString, `create table kept (note text); insert into kept values ('from run 1')`);
    await first.stop();
    const credentials = await readFile(path.join(path.dirname(dataDir), 'postgres-credentials.json'), 'utf8');

    const second = await start(dataDir);

    const { rows } = await query(second.connectionString, 'select note from kept');
    expect(rows).toEqual([{ note: 'from run 1' }]);
    expect(await readFile(path.join(path.dirname(dataDir), 'postgres-credentials.json'), 'utf8')).toBe(credentials);
    expect(new URL(second.connectionString).password).not.toBe('password');
  });

  it('stops cleanly: the server is gone and stopping twice is harmless', async () => {
    const server = await start(await newDataDir());

    await server.stop();
    await server.stop();

    await expect(query(server.connectionString, 'select 1')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('keeps its credentials file private', async () => {
    const dataDir = await newDataDir();
    await start(dataDir);

    const { mode } = await stat(path.join(path.dirname(dataDir), 'postgres-credentials.json'));
    expect(mode & 0o077).toBe(0);
  });

  it('starts over a postmaster.pid left behind by a killed run, even when its pid was reused', async () => {
    const dataDir = await newDataDir();
    const first = await start(dataDir);
    await first.stop();
    // A live process that is not Postgres now holds the pid the file names. Running as the
    // server's own user, Postgres itself would take it for a running server and refuse.
    const stranger: ChildProcess = spawn('sleep', ['60'], serverUser());
    cleanups.push(async () => stranger.kill());
    await writeFile(path.join(dataDir, 'postmaster.pid'), `${stranger.pid}\n${dataDir}\n`);

    const second = await start(dataDir);

    expect((await query(second.connectionString, 'select 1 as one')).rows).toEqual([{ one: 1 }]);
  });

  it('recovers the data directory from a backend that was killed with its server still running', async () => {
    const dataDir = await newDataDir();
    const child = spawn(process.execPath, ['--import', 'tsx', childScript, dataDir], { cwd: backendDir });
    cleanups.push(async () => child.kill('SIGKILL'));
    const connectionString = await firstLine(child);
    const orphan = Number((await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    // Should this test fail half-way, don't leave the orphan running.
    cleanups.push(async () => {
      try {
        process.kill(orphan, 'SIGINT');
      } catch {
        // Already stopped, as it should be.
      }
    });
    await query(connectionString, `create table survived (id int); insert into survived values (42)`);
    // SIGKILL: no exit hook runs, so the server is left orphaned, still holding the directory.
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect((await query(connectionString, 'select 1 as alive')).rows).toEqual([{ alive: 1 }]);

    const next = await start(dataDir);

    expect((await query(next.connectionString, 'select id from survived')).rows).toEqual([{ id: 42 }]);
    await expect(query(connectionString, 'select 1')).rejects.toThrow();
  });

  it('refuses a data directory a running server is using', async () => {
    const dataDir = await newDataDir();
    await start(dataDir);

    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/already running/);
  });

  it('explains why the server did not start instead of rejecting with nothing', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => blocker.close(resolve)));
    const { port } = blocker.address() as { port: number };

    const failure = startEmbeddedPostgres({ dataDir: await newDataDir(), port });

    await expect(failure).rejects.toBeInstanceOf(Error);
    await expect(failure).rejects.toThrow(new RegExp(`PostgreSQL failed to start .*port ${port}[\\s\\S]*could not bind`, 'i'));
  });
});
