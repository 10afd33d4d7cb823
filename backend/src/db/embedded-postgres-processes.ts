// Processes of the embedded server: its postmaster.pid, a previous run's leftovers, and
// stopping servers when this process exits.
import { readFile, unlink } from 'node:fs/promises';
import path from 'node:path';

const runningPostmasters = new Set<number>();
let isExitHookInstalled = false;

export function forgetPostmaster(pid: number): void {
  runningPostmasters.delete(pid);
}

// Whatever ends this process (process.exit, an uncaught error), its servers get a fast
// shutdown. 'exit' listeners must be synchronous; sending the signal is.
export function stopPostmastersOnExit(pid: number): void {
  runningPostmasters.add(pid);
  if (isExitHookInstalled) return;
  isExitHookInstalled = true;
  process.on('exit', () => {
    for (const postmaster of runningPostmasters) {
      try {
        process.kill(postmaster, 'SIGINT');
      } catch {
        // Already gone.
      }
    }
  });
}

// What a killed previous run can leave behind. Its postmaster.pid blocks the start: remove it
// when no Postgres holds it (the pid is dead, or was reused by another program). Its server
// may even still run, orphaned (the backend was SIGKILLed): adopted by init (ppid 1), it has
// no owner left, so stop it. A server whose parent lives belongs to another running backend.
export async function clearPreviousRun(dataDir: string, onLog: (message: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  const pid = await readPostmasterPid(dataDir);
  if (pid === undefined) return;
  if (!isProcessAlive(pid) || !(await isPostgresProcess(pid))) {
    await unlink(pidFile).catch(() => {});
    return;
  }
  if ((await readParentPid(pid)) !== 1) {
    throw new Error(
      `PostgreSQL (pid ${pid}) is already running on ${dataDir} for another process. ` +
        'Stop that process, or use another DATA_DIR.',
    );
  }
  onLog(`stopping PostgreSQL (pid ${pid}) orphaned by a previous run on ${dataDir}`);
  process.kill(pid, 'SIGINT');
  if (!(await waitForExit(pid, 30_000))) {
    throw new Error(`PostgreSQL (pid ${pid}) orphaned on ${dataDir} did not stop; stop it with: kill -INT ${pid}`);
  }
}

async function readParentPid(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  // "pid (comm) state ppid …"; comm may contain spaces, so read after its closing paren.
  const ppid = Number.parseInt(stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[1] ?? '', 10);
  return Number.isInteger(ppid) ? ppid : undefined;
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

export async function readPostmasterPid(dataDir: string): Promise<number | undefined> {
  const content = await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8').catch(() => undefined);
  const pid = Number.parseInt(content?.split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user (postgres, when we are not root).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function isPostgresProcess(pid: number): Promise<boolean> {
  const name = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => undefined);
  // Without /proc (macOS) assume it is, and refuse rather than delete a live cluster's file.
  return name === undefined || name.includes('postgres');
}
