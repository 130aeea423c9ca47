// Replay input: NDJSON files (one event per line, as in events.md), one file per event kind,
// merged into a single stream by event time. Each file is assumed roughly time-ordered; the
// pipeline's reorder buffer absorbs local disorder within the allowed lateness.
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import type { EventKind } from '../../core/events.ts';
import type { SourceRecord } from '../../core/records.ts';

export interface ReplayFile {
  kind: EventKind;
  path: string;
}

// The event-time field of each kind, read cheaply from the raw line to order the merge.
const timeField: Record<EventKind, RegExp> = {
  declaration: /"declaredAt"\s*:\s*"([^"]+)"/,
  manifest: /"reportedAt"\s*:\s*"([^"]+)"/,
  invoice: /"declaredAt"\s*:\s*"([^"]+)"/,
};

interface Head {
  /** The next record of this file; set by advance(). */
  record?: SourceRecord;
  time: number;
  lines: AsyncIterator<string>;
  file: ReplayFile;
  lineNumber: number;
  lastTime: number;
}

/** Yields batches of records, merged across files by event time. Blank lines are skipped. */
export async function* replayRecords(
  files: readonly ReplayFile[],
  batchSize = 1000,
): AsyncGenerator<SourceRecord[]> {
  const heads: Head[] = [];
  for (const file of files) {
    const lines = createInterface({
      input: createReadStream(file.path),
      crlfDelay: Number.POSITIVE_INFINITY,
    })[Symbol.asyncIterator]();
    const head = await advance({ lines, file, lineNumber: 0, lastTime: Number.NEGATIVE_INFINITY, time: 0 });
    if (head) heads.push(head);
  }
  let batch: SourceRecord[] = [];
  while (heads.length > 0) {
    let earliest = 0;
    for (let i = 1; i < heads.length; i++) if (heads[i]!.time < heads[earliest]!.time) earliest = i;
    const head = heads[earliest]!;
    batch.push(head.record!);
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
    if (!(await advance(head))) heads.splice(earliest, 1);
  }
  if (batch.length > 0) yield batch;
}

async function advance(head: Head): Promise<Head | null> {
  for (;;) {
    const next = await head.lines.next();
    if (next.done) return null;
    head.lineNumber++;
    const line = next.value;
    if (line.trim() === '') continue;
    const match = timeField[head.file.kind].exec(line);
    const parsed = match ? Date.parse(match[1]!) : Number.NaN;
    // A line without a readable time keeps its place in its file (it will likely be dead-lettered).
    head.time = Number.isNaN(parsed) ? head.lastTime : parsed;
    head.lastTime = head.time;
    head.record = {
      kind: head.file.kind,
      origin: { topic: basename(head.file.path), partition: 0, offset: String(head.lineNumber) },
      value: Buffer.from(line, 'utf8'),
    };
    return head;
  }
}
