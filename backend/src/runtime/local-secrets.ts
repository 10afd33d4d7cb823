import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/**
 * Secrets the product generates for itself on first start when the environment gives none,
 * kept in `<DATA_DIR>/secrets.json` (mode 0600) so sessions and stored CRM tokens survive
 * restarts. In production they come from the environment instead.
 */
const ZLocalSecrets = z.object({
  localAuthJwtSecret: z.string().min(32),
  /** base64, 32 bytes: the CRM token encryption key when CRM_ENCRYPTION_KEY is unset. */
  crmEncryptionKey: z.string().min(40),
});
export type LocalSecrets = z.infer<typeof ZLocalSecrets>;

const GENERATORS: { [K in keyof LocalSecrets]: () => string } = {
  localAuthJwtSecret: () => randomBytes(48).toString('base64url'),
  crmEncryptionKey: () => randomBytes(32).toString('base64'),
};

export async function loadOrCreateLocalSecrets(dataDir: string): Promise<LocalSecrets> {
  const file = path.join(dataDir, 'secrets.json');
  const existing = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  const stored: Record<string, unknown> = existing === undefined ? {} : parseJson(existing, file);
  // Older files lack secrets added since; generate only what is missing, never replace one.
  const missing = (Object.keys(GENERATORS) as Array<keyof LocalSecrets>).filter((name) => typeof stored[name] !== 'string');
  const filled = { ...stored, ...Object.fromEntries(missing.map((name) => [name, GENERATORS[name]()])) };
  const parsed = ZLocalSecrets.safeParse(filled);
  if (!parsed.success) throw new Error(`${file} holds an invalid secret; move the file away to generate new ones`);
  if (missing.length > 0) {
    await mkdir(dataDir, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(parsed.data, null, 2), { mode: 0o600 });
    await rename(temporary, file);
  }
  return parsed.data;
}

function parseJson(text: string, file: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null) return value as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw new Error(`${file} is not valid JSON; move it away to generate new secrets`);
}
