import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GENERATED_KEY_FILE, loadPseudonymKey } from '../../../src/stages/pseudonymise/pseudonym-key.ts';

const ENV = 'CUSTOMS_AML_PSEUDONYM_KEY';
const dirs: string[] = [];

function tempStore(): string {
  const dir = mkdtempSync(join(tmpdir(), 'customs-aml-key-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadPseudonymKey', () => {
  it('reads the key from the named environment variable', () => {
    const key = 'k'.repeat(40);
    expect(loadPseudonymKey({ envVar: ENV, env: { [ENV]: key } })).toEqual({
      key,
      generated: false,
      created: false,
    });
  });

  it('prefers the environment variable over a generated key', () => {
    const store = tempStore();
    const key = 'e'.repeat(32);
    const loaded = loadPseudonymKey({
      envVar: ENV,
      env: { [ENV]: key },
      allowGenerated: true,
      storeDir: store,
    });
    expect(loaded).toEqual({ key, generated: false, created: false });
  });

  it('refuses a short key without quoting it', () => {
    const short = 'short-secret-value';
    expect(() => loadPseudonymKey({ envVar: ENV, env: { [ENV]: short } })).toThrow(
      `${ENV} must hold a pseudonymisation key of at least 32 characters`,
    );
    try {
      loadPseudonymKey({ envVar: ENV, env: { [ENV]: short } });
    } catch (error) {
      expect((error as Error).message).not.toContain(short);
    }
  });

  it('fails, naming the variable, when the key is absent and no generated key is allowed', () => {
    expect(() => loadPseudonymKey({ envVar: ENV, env: {} })).toThrow(`${ENV} is not set`);
    expect(() => loadPseudonymKey({ envVar: ENV, env: { [ENV]: '' } })).toThrow(`${ENV} is not set`);
  });

  it('generates a key once in the store folder, mode 0600, and reuses it', () => {
    const store = join(tempStore(), 'nested');
    const first = loadPseudonymKey({ envVar: ENV, env: {}, allowGenerated: true, storeDir: store });
    const path = join(store, GENERATED_KEY_FILE);
    expect(first).toEqual({
      key: expect.stringMatching(/^[0-9a-f]{64}$/),
      generated: true,
      created: true,
      path,
    });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8').trim()).toBe(first.key);

    const second = loadPseudonymKey({ envVar: ENV, env: {}, allowGenerated: true, storeDir: store });
    expect(second).toEqual({ key: first.key, generated: true, created: false, path });
  });

  it('needs a store folder for a generated key and refuses a damaged key file', () => {
    expect(() => loadPseudonymKey({ envVar: ENV, env: {}, allowGenerated: true })).toThrow('store folder');
    const store = tempStore();
    writeFileSync(join(store, GENERATED_KEY_FILE), 'too-short\n');
    expect(() => loadPseudonymKey({ envVar: ENV, env: {}, allowGenerated: true, storeDir: store })).toThrow(
      'does not hold a pseudonymisation key of at least 32 characters',
    );
  });
});
