import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  compressBlock,
  SHA256_BLOCK_SIZE,
  SHA256_INITIAL_STATE,
} from '../../../src/stages/pseudonymise/sha256.ts';

/** SHA-256 from the compression function, with the standard's padding (FIPS 180-4, 5.1.1). */
function sha256(message: Buffer): string {
  const padded = Buffer.alloc(Math.ceil((message.length + 9) / SHA256_BLOCK_SIZE) * SHA256_BLOCK_SIZE);
  message.copy(padded);
  padded[message.length] = 0x80;
  padded.writeUInt32BE(message.length * 8, padded.length - 4);
  const state = Int32Array.from(SHA256_INITIAL_STATE);
  for (let offset = 0; offset < padded.length; offset += SHA256_BLOCK_SIZE)
    compressBlock(state, padded, offset);
  return [...state].map((word) => (word >>> 0).toString(16).padStart(8, '0')).join('');
}

describe('SHA-256 compression', () => {
  it('starts from the standard initial state', () => {
    expect([...SHA256_INITIAL_STATE].map((w) => (w >>> 0).toString(16))).toEqual([
      '6a09e667',
      'bb67ae85',
      '3c6ef372',
      'a54ff53a',
      '510e527f',
      '9b05688c',
      '1f83d9ab',
      '5be0cd19',
    ]);
  });

  it('gives the digests of node:crypto for every length from 0 to 200 bytes', () => {
    for (let length = 0; length <= 200; length++) {
      const message = Buffer.from(Array.from({ length }, (_, i) => (i * 151 + length) & 0xff));
      expect(sha256(message)).toBe(createHash('sha256').update(message).digest('hex'));
    }
    expect(sha256(Buffer.from('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});
