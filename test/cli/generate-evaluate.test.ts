import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli-in-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'cli-generate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('customs-aml generate / evaluate', () => {
  it('generate writes the three streams and the ground truth', async () => {
    const { code, out } = await cli([
      'generate',
      '--seed',
      '3',
      '--events',
      '1000',
      '--out',
      dir,
      '--start',
      '2026-04-01',
    ]);
    expect(code).toBe(0);
    expect(out).toMatch(/planted cases/);
    for (const f of ['declarations.ndjson', 'manifests.ndjson', 'invoices.ndjson', 'ground-truth.json'])
      expect(existsSync(join(dir, f))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')).start).toBe(
      '2026-04-01T00:00:00.000Z',
    );
  });

  it('rejects a missing seed and bad numbers with a usage error', async () => {
    expect((await cli(['generate'])).code).toBe(2);
    expect((await cli(['generate', '--seed', 'x'])).code).toBe(2);
    expect((await cli(['evaluate'])).code).toBe(2);
    expect((await cli(['evaluate', '--seed', '1', '--events', '10'])).code).toBe(2);
  });
});
