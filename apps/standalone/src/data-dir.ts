import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** The standalone data directory: embedded PostgreSQL and the generated secrets live here. */
export async function prepareDataDir(dataDir = process.env.DATA_DIR ?? './.data'): Promise<string> {
  const dir = resolve(dataDir);
  await mkdir(dir, { recursive: true, mode: 0o711 });
  // As root, PostgreSQL runs as a separate system user that must traverse into DATA_DIR (the secrets in it stay 0600).
  if (process.getuid?.() === 0) await chmod(dir, 0o711);
  return dir;
}

/** Reads a secret kept in the data dir, generating it (mode 600) on first start so restarts keep it. */
export async function persistentSecret(dir: string, name: string, generate: () => string): Promise<string> {
  const file = join(dir, name);
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const value = generate();
  await writeFile(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return value;
}

export const newAdminKey = () => `adm_${randomBytes(24).toString('base64url')}`;
export const newMasterKey = () => randomBytes(32).toString('base64');
export const newPassword = () => randomBytes(18).toString('base64url');
