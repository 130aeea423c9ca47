import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayRecords } from '../../../src/io/files/ndjson-source.ts';

describe('replayRecords', () => {
  it('merges files by event time and names each record by file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replay-'));
    const declarations = join(dir, 'd.ndjson');
    const manifests = join(dir, 'm.ndjson');
    writeFileSync(
      declarations,
      [
        '{"id":"d1","declaredAt":"2026-03-01T10:00:00Z"}',
        '',
        '{"id":"d2","declaredAt":"2026-03-01T12:00:00Z"}',
      ].join('\n'),
    );
    writeFileSync(
      manifests,
      [
        '{"id":"m1","reportedAt":"2026-03-01T09:30:00+01:00"}',
        '{"id":"m2","reportedAt":"2026-03-01T11:30:00Z"}',
      ].join('\n'),
    );
    const batches = [];
    for await (const batch of replayRecords(
      [
        { kind: 'declaration', path: declarations },
        { kind: 'manifest', path: manifests },
      ],
      2,
    ))
      batches.push(batch);
    expect(batches.map((b) => b.length)).toEqual([2, 2]);
    const flat = batches.flat();
    expect(flat.map((r) => JSON.parse(String(r.value)).id)).toEqual(['m1', 'd1', 'm2', 'd2']);
    expect(flat.map((r) => `${r.origin.topic}:${r.origin.offset}`)).toEqual([
      'm.ndjson:1',
      'd.ndjson:1',
      'm.ndjson:2',
      'd.ndjson:3',
    ]);
  });
});
