// The HMAC key of pseudonymisation: from an environment variable in production; for the embedded
// demo only, a random key generated once and kept in the store folder (mode 0600) so pseudonyms
// stay stable across runs of the same store.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MIN_KEY_LENGTH } from './pseudonymise.ts';

export const GENERATED_KEY_FILE = 'pseudonym.key';

export interface PseudonymKeyOptions {
  /** Name of the environment variable holding the key (never the key itself). */
  envVar: string;
  env?: NodeJS.ProcessEnv | undefined;
  /** Embedded demo: without the variable, use (or create) `<storeDir>/pseudonym.key`. */
  allowGenerated?: boolean | undefined;
  /** Folder of the generated key file; required with allowGenerated. */
  storeDir?: string | undefined;
}

export interface PseudonymKey {
  key: string;
  /** True when the key is a machine-generated demo key from the store folder, not the operator's. */
  generated: boolean;
  /** True when this call created the key file. */
  created: boolean;
  /** The key file, for a generated key. */
  path?: string;
}

export function loadPseudonymKey(options: PseudonymKeyOptions): PseudonymKey {
  const env = options.env ?? process.env;
  const fromEnv = env[options.envVar];
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < MIN_KEY_LENGTH) {
      throw new Error(
        `${options.envVar} must hold a pseudonymisation key of at least ${MIN_KEY_LENGTH} characters`,
      );
    }
    return { key: fromEnv, generated: false, created: false };
  }
  if (!options.allowGenerated) {
    throw new Error(
      `${options.envVar} is not set: it must hold the pseudonymisation key (at least ${MIN_KEY_LENGTH} characters, ` +
        'e.g. from `openssl rand -hex 32`)',
    );
  }
  if (!options.storeDir) throw new Error('a generated pseudonymisation key needs a store folder');
  mkdirSync(options.storeDir, { recursive: true, mode: 0o700 });
  const path = join(options.storeDir, GENERATED_KEY_FILE);
  let created = false;
  try {
    // 'wx' fails when the file exists, so two processes starting together keep one key.
    writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
    chmodSync(path, 0o600); // the mode above is filtered by the umask
    created = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = readFileSync(path, 'utf8').trim();
  if (key.length < MIN_KEY_LENGTH) {
    throw new Error(`${path} does not hold a pseudonymisation key of at least ${MIN_KEY_LENGTH} characters`);
  }
  return { key, generated: true, created, path };
}
