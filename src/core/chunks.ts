// A broker refuses a record batch above its message.max.bytes (1 MiB by default): large outputs
// (a step's alerts, a flood of dead letters) go out in several sends of bounded size, in order.

export const MAX_SEND_BYTES = 512 * 1024;

// Headers, key framing and record overhead, per message: a generous flat allowance.
const OVERHEAD_BYTES = 200;

interface Sized {
  value: Buffer | null;
  key?: string | Buffer | null;
  headers?: Record<string, string>;
}

function sizeOf(message: Sized): number {
  let size = (message.value?.length ?? 0) + (message.key?.length ?? 0) + OVERHEAD_BYTES;
  for (const [name, value] of Object.entries(message.headers ?? {})) size += name.length + value.length;
  return size;
}

/** Consecutive slices of at most `maxBytes` each (a single larger message goes alone). */
export function chunkBySize<T extends Sized>(messages: readonly T[], maxBytes = MAX_SEND_BYTES): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = sizeOf(message);
    if (current.length > 0 && bytes + size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
