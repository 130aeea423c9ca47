// Dead letters of a replay: one JSON line per rejected input line, naming the file, the line and
// the reason, never the content (it may hold personal data). A line rejected again by a later
// replay of the same file is not written twice.
import { appendFile, readFile } from 'node:fs/promises';
import type { DeadLetterWriter } from '../../core/dead-letters.ts';
import type { DeadLetter } from '../../core/records.ts';

export interface FileDeadLetterLine {
  source: string;
  line: number;
  kind: string;
  stage: string;
  reason: string;
  field?: string;
  message: string;
}

export class FileDeadLetters implements DeadLetterWriter {
  readonly #path: string;
  #written: Set<string> | null = null;
  count = 0;

  constructor(path: string) {
    this.#path = path;
  }

  async write(deadLetters: readonly DeadLetter[]): Promise<void> {
    const written = await this.#load();
    const lines: string[] = [];
    for (const letter of deadLetters) {
      const key = `${letter.origin.topic}:${letter.origin.offset}`;
      this.count++;
      if (written.has(key)) continue;
      written.add(key);
      const entry: FileDeadLetterLine = {
        source: letter.origin.topic,
        line: Number(letter.origin.offset),
        kind: letter.kind,
        stage: letter.error.stage,
        reason: letter.error.reason,
        ...(letter.error.field !== undefined ? { field: letter.error.field } : {}),
        message: letter.error.message,
      };
      lines.push(JSON.stringify(entry));
    }
    if (lines.length > 0) await appendFile(this.#path, `${lines.join('\n')}\n`, { mode: 0o600 });
  }

  async close(): Promise<void> {}

  async #load(): Promise<Set<string>> {
    if (this.#written) return this.#written;
    this.#written = new Set();
    const text = await readFile(this.#path, 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      if (!line) continue;
      const entry = JSON.parse(line) as FileDeadLetterLine;
      this.#written.add(`${entry.source}:${entry.line}`);
    }
    return this.#written;
  }
}
