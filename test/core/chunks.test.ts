import { describe, expect, it } from 'vitest';
import { chunkBySize } from '../../src/core/chunks.ts';

const message = (bytes: number) => ({ value: Buffer.alloc(bytes) });

describe('chunkBySize', () => {
  it('splits in order so no chunk exceeds the limit', () => {
    const messages = [message(300), message(300), message(300), message(50)];
    const chunks = chunkBySize(messages, 1_000);
    expect(chunks.map((c) => c.length)).toEqual([2, 2]);
    expect(chunks.flat()).toEqual(messages);
  });

  it('sends a message larger than the limit on its own', () => {
    expect(chunkBySize([message(10), message(5_000), message(10)], 1_000).map((c) => c.length)).toEqual([
      1, 1, 1,
    ]);
  });

  it('counts headers and keys', () => {
    const withHeaders = {
      value: Buffer.alloc(100),
      key: 'k'.repeat(300),
      headers: { reason: 'x'.repeat(400) },
    };
    expect(chunkBySize([withHeaders, withHeaders], 1_500)).toHaveLength(2);
  });
});
