import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeadLetter } from '../../../src/core/records.ts';
import { FileDeadLetters } from '../../../src/io/files/dead-letters.ts';

const letter = (line: string): DeadLetter => ({
  origin: { topic: 'declarations.ndjson', partition: 0, offset: line },
  kind: 'declaration',
  error: {
    stage: 'validate',
    reason: 'invalid-field',
    field: 'items.0.currency',
    message: 'not an ISO 4217 currency code',
  },
  value: Buffer.from('{"traveller":{"documentNumber":"X1234567"}}'),
});

describe('FileDeadLetters', () => {
  it('writes the coordinate and the reason, never the content, and each line once', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'dlq-')), 'dead-letter.ndjson');
    await new FileDeadLetters(path).write([letter('7')]);
    await new FileDeadLetters(path).write([letter('7'), letter('9')]);
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain('X1234567');
    expect(
      text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      {
        source: 'declarations.ndjson',
        line: 7,
        kind: 'declaration',
        stage: 'validate',
        reason: 'invalid-field',
        field: 'items.0.currency',
        message: 'not an ISO 4217 currency code',
      },
      {
        source: 'declarations.ndjson',
        line: 9,
        kind: 'declaration',
        stage: 'validate',
        reason: 'invalid-field',
        field: 'items.0.currency',
        message: 'not an ISO 4217 currency code',
      },
    ]);
  });
});
