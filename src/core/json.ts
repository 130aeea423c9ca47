// JSON text for values that hold bigint micro-amounts: a bigint is written as the string "<digits>n"
// and read back as a bigint, so stored events round-trip exactly.

const BIGINT_TEXT = /^-?\d+n$/;

export function toJsonText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
}

export function fromJsonText<T = unknown>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) =>
    typeof v === 'string' && BIGINT_TEXT.test(v) ? BigInt(v.slice(0, -1)) : v,
  ) as T;
}
