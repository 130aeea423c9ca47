// HMAC-SHA-256 (RFC 2104): H((K ^ opad) || H((K ^ ipad) || text)), from node:crypto's one-shot
// `hash` over the two padded key blocks made once per key. Every event takes one to four
// pseudonyms; the one-shot hash avoids a Hash/Hmac object per call, and the text is written into a
// buffer kept after the inner key block, so a call allocates only its digests.
// Same output as crypto.createHmac('sha256', key) (test/stages/pseudonymise/hmac.test.ts checks it).
import { hash } from 'node:crypto';

const BLOCK_SIZE = 64;
// UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units).
const MAX_UTF8_BYTES_PER_UNIT = 3;

export function hmacSha256(key: Buffer): (text: string) => Buffer {
  const block = Buffer.alloc(BLOCK_SIZE);
  (key.length > BLOCK_SIZE ? hash('sha256', key, 'buffer') : key).copy(block);
  // inner = (K ^ ipad) || text, outer = (K ^ opad) || inner digest: the key blocks written once.
  let inner = Buffer.alloc(BLOCK_SIZE + 256);
  for (let i = 0; i < BLOCK_SIZE; i++) inner[i] = block[i]! ^ 0x36;
  const outer = Buffer.alloc(BLOCK_SIZE + 32);
  for (let i = 0; i < BLOCK_SIZE; i++) outer[i] = block[i]! ^ 0x5c;
  block.fill(0); // only the padded blocks are kept

  return (text) => {
    const capacity = BLOCK_SIZE + text.length * MAX_UTF8_BYTES_PER_UNIT;
    if (capacity > inner.length) {
      const grown = Buffer.alloc(capacity);
      inner.copy(grown, 0, 0, BLOCK_SIZE);
      inner = grown;
    }
    const length = inner.write(text, BLOCK_SIZE, 'utf8');
    hash('sha256', inner.subarray(0, BLOCK_SIZE + length), 'buffer').copy(outer, BLOCK_SIZE);
    return hash('sha256', outer, 'buffer');
  };
}
