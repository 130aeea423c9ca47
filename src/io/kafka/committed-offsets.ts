// A consumer group's committed offsets, read through the admin client. Right after groups are
// created or move, the broker may answer "not the coordinator" or "loading": those are retried.
import type { Admin } from 'kafkajs';

export type CommittedOffsets = Awaited<ReturnType<Admin['fetchOffsets']>>;

const isRetriable = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { retriable?: unknown }).retriable === true;

export async function fetchCommittedOffsets(
  admin: Admin,
  groupId: string,
  topics: string[],
  { attempts = 10, delayMs = 200 }: { attempts?: number; delayMs?: number } = {},
): Promise<CommittedOffsets> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await admin.fetchOffsets({ groupId, topics });
    } catch (error) {
      if (attempt >= attempts || !isRetriable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs * attempt));
    }
  }
}
