import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

// Flags that keep Chromium quiet and working on a closed network, in a container, as root.
const LAUNCH_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const COMMANDS_ON_PATH = ['chromium', 'chromium-browser', 'google-chrome-stable'];

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findOnPath(command: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

function findChromium(): string | null {
  if (isExecutable('/usr/bin/chromium')) return '/usr/bin/chromium';
  for (const command of COMMANDS_ON_PATH) {
    const found = findOnPath(command);
    if (found) return found;
  }
  return null;
}

function canInstallWithApt(): boolean {
  return process.getuid?.() === 0 && existsSync('/etc/debian_version') && findOnPath('apt-get') !== null;
}

function installWithApt(): void {
  for (const args of [['update'], ['install', '-y', 'chromium']]) {
    console.log(`[e2e] Chromium is missing; running: apt-get ${args.join(' ')}`);
    execFileSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  }
}

/** The Chromium to drive: CHROMIUM_PATH, else one on this machine, else Debian's, installed now. */
export function resolveChromiumPath(): string {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!isExecutable(configured)) {
      throw new Error(`CHROMIUM_PATH is set to ${configured}, which is not an executable file.`);
    }
    return configured;
  }
  const found = findChromium();
  if (found) return found;
  if (canInstallWithApt()) {
    installWithApt();
    const installed = findChromium();
    if (installed) return installed;
    throw new Error('apt-get install -y chromium finished, but no chromium executable was found on PATH.');
  }
  throw new Error(
    [
      'The browser tests need Chromium and none was found (looked for /usr/bin/chromium, then',
      `${COMMANDS_ON_PATH.join(', ')} on PATH). Install it, then run the tests again:`,
      '  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install -y chromium',
      '  Fedora:         sudo dnf install -y chromium',
      '  macOS:          brew install --cask chromium',
      'or point CHROMIUM_PATH at a Chromium or Chrome executable.',
    ].join('\n'),
  );
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: resolveChromiumPath(), args: LAUNCH_ARGS });
}
