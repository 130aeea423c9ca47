import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSha256 } from '../../../src/stages/pseudonymise/hmac.ts';

describe('hmacSha256', () => {
  it.each([
    ['short key', 'k'.repeat(32)],
    ['block-sized key', 'x'.repeat(64)],
    ['long key (hashed first)', 'y'.repeat(100)],
  ])('equals crypto.createHmac for a %s, call after call', (_name, key) => {
    const mac = hmacSha256(Buffer.from(key));
    const texts = [
      'person|FR|X1234567',
      '',
      'ünïcødé name|ß',
      'person|FR|X1234567',
      'x'.repeat(55), // inner message ends exactly where SHA-256 padding still fits one block
      'x'.repeat(56),
      'party|a long trader name|'.repeat(40), // longer than the prepared buffer: it grows
      'short again',
      '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \ud800 lone surrogate',
    ];
    for (const text of texts) {
      expect(mac(text).toString('hex')).toBe(createHmac('sha256', key).update(text, 'utf8').digest('hex'));
    }
  });

  it('equals crypto.createHmac for every text length from 0 to 300 bytes, ASCII and multi-byte', () => {
    for (const key of ['k'.repeat(32), 'x'.repeat(64), 'y'.repeat(100)]) {
      const mac = hmacSha256(Buffer.from(key));
      for (let length = 0; length <= 300; length++) {
        for (const text of ['a'.repeat(length), 'é'.repeat(Math.ceil(length / 2))]) {
          expect(mac(text).toString('hex')).toBe(
            createHmac('sha256', key).update(text, 'utf8').digest('hex'),
          );
        }
      }
    }
  });
});
