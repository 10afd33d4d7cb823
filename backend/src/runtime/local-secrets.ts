import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/**
 * Secrets the product generates for itself on first start in local mode, kept in
 * `<DATA_DIR>/secrets.json` (mode 0600) so sessions survive restarts. In production they come
 * from the environment instead.
 */
const ZLocalSecrets = z.object({ localAuthJwtSecret: z.string().min(32) });
export type LocalSecrets = z.infer<typeof ZLocalSecrets>;

export async function loadOrCreateLocalSecrets(dataDir: string): Promise<LocalSecrets> {
  const file = path.join(dataDir, 'secrets.json');
  const existing = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing !== undefined) {
    const parsed = ZLocalSecrets.safeParse(JSON.parse(existing));
    if (!parsed.success) throw new Error(`${file} is not a valid secrets file; move it away to generate a new one`);
    return parsed.data;
  }
  const secrets: LocalSecrets = { localAuthJwtSecret: randomBytes(48).toString('base64url') };
  await mkdir(dataDir, { recursive: true });
  // 'wx' refuses to overwrite: two processes starting at once must not end with different secrets.
  await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600, flag: 'wx' }).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  return loadOrCreateLocalSecrets(dataDir);
}
