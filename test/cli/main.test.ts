import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandNames } from '../../src/cli/main.ts';
import { cashCourierRules } from '../../src/detect/rules/cash-courier-rules.ts';
import { cli } from '../support/cli-in-process.ts';

const store = mkdtempSync(join(tmpdir(), 'cli-store-'));
afterAll(() => rmSync(store, { recursive: true, force: true }));

describe('customs-aml CLI', () => {
  it.each(commandNames())('%s --help and -h print its usage and exit 0, running nothing', async (name) => {
    for (const flag of ['--help', '-h']) {
      const result = await cli([name, flag]);
      expect(result.code).toBe(0);
      expect(result.out).toContain(`usage: customs-aml ${name}`);
      expect(result.err).toBe('');
    }
  });

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(await cli(['--version'])).toMatchObject({ code: 0, out: version });
  });

  it('prints usage and exits 2 without a command, and rejects unknown ones', async () => {
    expect(await cli([])).toMatchObject({ code: 2 });
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("unknown command 'frobnicate'");
  });

  it('demo replays the sample, prints the summary and alerts of every shipped rule', async () => {
    const { code, out } = await cli(['demo', '--store', store]);
    expect(code).toBe(0);
    expect(out).toMatch(/read \d+ records: \d+ declarations, \d+ manifests, \d+ invoices/);
    expect(out).toMatch(/rejected 3:/);
    for (const rule of ['CC-THRESHOLD-PROXIMITY', 'CM-CASH-KEYWORDS', 'TB-UNIT-PRICE'])
      expect(out).toMatch(new RegExp(`  ${rule}: [1-9]`));
    expect(out).toContain('top alerts:');
    const deadLetters = readFileSync(join(store, 'dead-letter.ndjson'), 'utf8').trim().split('\n');
    expect(deadLetters).toHaveLength(3);
  });

  it('query answers SQL on the embedded store, and a second replay adds no duplicate', async () => {
    const before = await cli([
      'query',
      '--store',
      store,
      'SELECT rule_id, count() AS n FROM alerts FINAL GROUP BY rule_id ORDER BY rule_id',
    ]);
    expect(before.code).toBe(0);
    const rows = before.out
      .split('\n')
      .map((line) => JSON.parse(line) as { rule_id: string; n: string | number });
    // Every CC-* and CM-* rule fires on the sample; the TB-* rules that fire are the TB tests' business.
    expect(rows.map((r) => r.rule_id).filter((id) => !id.startsWith('TB-'))).toEqual(
      cashCourierRules.map((r) => r.id).sort(),
    );
    expect(rows.map((r) => r.rule_id)).toContain('TB-UNIT-PRICE');
    await cli(['demo', '--store', store]);
    const total = await cli([
      'query',
      '--store',
      store,
      'SELECT count() AS all_rows, uniqExact(alert_id) AS ids FROM alerts FINAL',
    ]);
    const { all_rows, ids } = JSON.parse(total.out) as { all_rows: string | number; ids: string | number };
    expect(Number(all_rows)).toBe(Number(ids));
    expect(Number(ids)).toBe(rows.reduce((sum, r) => sum + Number(r.n), 0));
  });

  it('names the offending option on a usage error', async () => {
    const { code, err } = await cli(['replay', '--nonsense']);
    expect(code).toBe(2);
    expect(err).toContain('--nonsense');
  });
});
