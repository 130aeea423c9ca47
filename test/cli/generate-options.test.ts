import { describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../src/cli/command.ts';
import { parseRate } from '../../src/cli/commands/generate.ts';
import { main } from '../../src/cli/main.ts';

async function exitCode(args: string[]): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const error = vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    return { code: await main(args), err: err.join('\n') };
  } finally {
    error.mockRestore();
    log.mockRestore();
  }
}

describe('generate --kafka options', () => {
  it('parses --rate as a positive number of events per second, absent meaning unpaced', () => {
    expect(parseRate(undefined)).toBeNull();
    expect(parseRate('200')).toBe(200);
    expect(parseRate('0.5')).toBe(0.5);
    for (const bad of ['0', '0.0', '-5', 'fast', '1e3', ''])
      expect(() => parseRate(bad), bad).toThrow(UsageError);
  });

  it('refuses --rate and --topic-prefix without --kafka, and a bad rate, as usage errors', async () => {
    const rateAlone = await exitCode(['generate', '--seed', '1', '--rate', '100']);
    expect(rateAlone.code).toBe(2);
    expect(rateAlone.err).toMatch(/only with --kafka/);
    expect((await exitCode(['generate', '--seed', '1', '--topic-prefix', 'x.'])).code).toBe(2);
    expect((await exitCode(['generate', '--seed', '1', '--kafka', '--rate', '0'])).code).toBe(2);
  });
});
