import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSha256 } from '../../src/validate/hmac.ts';

describe('hmacSha256', () => {
  it.each([
    ['short key', 'k'.repeat(32)],
    ['block-sized key', 'x'.repeat(64)],
    ['long key (hashed first)', 'y'.repeat(100)],
  ])('equals crypto.createHmac for a %s, call after call', (_name, key) => {
    const mac = hmacSha256(Buffer.from(key));
    for (const text of ['person|FR|X1234567', '', 'ünïcødé name|ß', 'person|FR|X1234567']) {
      expect(mac(text).toString('hex')).toBe(createHmac('sha256', key).update(text, 'utf8').digest('hex'));
    }
  });
});
