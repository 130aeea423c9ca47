// HMAC-SHA-256 (RFC 2104): H((K ^ opad) || H((K ^ ipad) || text)). The key's two padded blocks
// are compressed once; each call then starts from those two states and compresses only the text
// (one block for pseudonym inputs up to 55 bytes) and the inner digest: every event takes one to
// four pseudonyms, and this is several times cheaper than node:crypto's per-call Hash objects.
// Same output as crypto.createHmac('sha256', key) (test/validate/hmac.test.ts checks every length).
import { createHash } from 'node:crypto';
import { compressBlock, SHA256_BLOCK_SIZE, SHA256_INITIAL_STATE } from './sha256.ts';

const DIGEST_SIZE = 32;
// Padding appends 0x80 and the 8-byte message length in bits.
const PADDING = 9;
// UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units).
const MAX_UTF8_BYTES_PER_UNIT = 3;

/** The SHA-256 state after one block: `block` with every byte XORed with `pad`. */
function paddedKeyState(block: Uint8Array, pad: number): Int32Array {
  const state = Int32Array.from(SHA256_INITIAL_STATE);
  compressBlock(
    state,
    block.map((byte) => byte ^ pad),
    0,
  );
  return state;
}

export function hmacSha256(key: Buffer): (text: string) => Buffer {
  const block = Buffer.alloc(SHA256_BLOCK_SIZE);
  (key.length > SHA256_BLOCK_SIZE ? createHash('sha256').update(key).digest() : key).copy(block);
  const innerStart = paddedKeyState(block, 0x36);
  const outerStart = paddedKeyState(block, 0x5c);
  block.fill(0); // only the two states are kept
  const state = new Int32Array(8);
  // The text and its padding, written in place; grown for a longer text.
  let message = Buffer.alloc(4 * SHA256_BLOCK_SIZE);
  // The outer message after the key block: the inner digest and its padding (fixed length).
  const outer = Buffer.alloc(SHA256_BLOCK_SIZE);
  outer[DIGEST_SIZE] = 0x80;
  outer.writeUInt32BE((SHA256_BLOCK_SIZE + DIGEST_SIZE) * 8, SHA256_BLOCK_SIZE - 4);

  return (text) => {
    const capacity = text.length * MAX_UTF8_BYTES_PER_UNIT + PADDING + SHA256_BLOCK_SIZE;
    if (capacity > message.length) message = Buffer.alloc(capacity);
    const length = message.write(text, 0, 'utf8');
    const padded = Math.ceil((length + PADDING) / SHA256_BLOCK_SIZE) * SHA256_BLOCK_SIZE;
    message.fill(0, length, padded);
    message[length] = 0x80;
    // Length in bits of the key block and the text, as a 64-bit big-endian integer.
    const bits = (SHA256_BLOCK_SIZE + length) * 8;
    message.writeUInt32BE(Math.floor(bits / 2 ** 32), padded - 8);
    message.writeUInt32BE(bits >>> 0, padded - 4);

    state.set(innerStart);
    for (let offset = 0; offset < padded; offset += SHA256_BLOCK_SIZE) compressBlock(state, message, offset);
    for (let i = 0; i < 8; i++) outer.writeInt32BE(state[i]!, i * 4);
    state.set(outerStart);
    compressBlock(state, outer, 0);
    const digest = Buffer.allocUnsafe(DIGEST_SIZE);
    for (let i = 0; i < 8; i++) digest.writeInt32BE(state[i]!, i * 4);
    return digest;
  };
}
