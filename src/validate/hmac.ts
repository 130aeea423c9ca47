// HMAC-SHA-256 (RFC 2104) with the key's inner and outer pads hashed once: each call then copies two
// prepared hash states instead of importing the key again, several times faster on the hot path
// (every event takes one to four pseudonyms). Same output as crypto.createHmac('sha256', key).
import { createHash, type Hash } from 'node:crypto';

const BLOCK_SIZE = 64;

export function hmacSha256(key: Buffer): (text: string) => Buffer {
  const block = Buffer.alloc(BLOCK_SIZE);
  (key.length > BLOCK_SIZE ? createHash('sha256').update(key).digest() : key).copy(block);
  const pad = (byte: number) => Buffer.from(block.map((b) => b ^ byte));
  const inner: Hash = createHash('sha256').update(pad(0x36));
  const outer: Hash = createHash('sha256').update(pad(0x5c));
  return (text) => outer.copy().update(inner.copy().update(text, 'utf8').digest()).digest();
}
