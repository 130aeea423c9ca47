// The SHA-256 compression function (FIPS 180-4, section 6.2.2) on 32-bit integers. hmac.ts runs it
// from key states prepared once, which node:crypto cannot do without a native call and a Hash
// object per message: for the short messages of pseudonyms that overhead is most of the cost.
// Only additions, rotations and bitwise operations on the data: no data-dependent branch or lookup.

/** The first 64 primes: the constants are derived from them (sections 4.2.2 and 5.3.3). */
const PRIMES: bigint[] = [];
for (let n = 2n; PRIMES.length < 64; n++) if (PRIMES.every((p) => n % p !== 0n)) PRIMES.push(n);

/** floor(x^(1/n)), exactly: Newton's method on integers, from above. */
function integerRoot(x: bigint, n: bigint): bigint {
  let root = 1n << (BigInt(x.toString(2).length) / n + 1n);
  for (;;) {
    const next = ((n - 1n) * root + x / root ** (n - 1n)) / n;
    if (next >= root) return root;
    root = next;
  }
}

/** The first 32 bits of the fractional part of p^(1/n), as the standard defines the constants. */
const fraction32 = (p: bigint, n: bigint) => Number(integerRoot(p << (32n * n), n) & 0xffff_ffffn) | 0;

/** Round constants: fractional parts of the cube roots of the first 64 primes. */
const K = Int32Array.from(PRIMES, (p) => fraction32(p, 3n));

/** H(0): fractional parts of the square roots of the first 8 primes. */
export const SHA256_INITIAL_STATE: Readonly<Int32Array> = Int32Array.from(PRIMES.slice(0, 8), (p) =>
  fraction32(p, 2n),
);

export const SHA256_BLOCK_SIZE = 64;

const schedule = new Int32Array(64);

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/** Absorbs the 64-byte block of `bytes` at `offset` into `state` (8 words, updated in place). */
export function compressBlock(state: Int32Array, bytes: Uint8Array, offset: number): void {
  const w = schedule;
  for (let i = 0; i < 16; i++) {
    const j = offset + i * 4;
    w[i] = (bytes[j]! << 24) | (bytes[j + 1]! << 16) | (bytes[j + 2]! << 8) | bytes[j + 3]!;
  }
  for (let i = 16; i < 64; i++) {
    const x = w[i - 15]!;
    const y = w[i - 2]!;
    const s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
    const s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10);
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let f = state[5]!;
  let g = state[6]!;
  let h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
    const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}
