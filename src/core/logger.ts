// JSON logs (pino). Records are named by their coordinate (topic/partition/offset), never by
// content; the redact list is a second line of defence for fields that must never be printed.
import { type Logger, pino } from 'pino';

export type { Logger };

export const redactedPaths = [
  '*.documentNumber',
  '*.fullName',
  '*.dateOfBirth',
  '*.bookingReference',
  '*.payerName',
  '*.name',
  '*.address',
  '*.value',
  'record.value',
  'password',
  '*.password',
];

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  const level = options.level ?? process.env.CUSTOMS_AML_LOG_LEVEL ?? 'info';
  return pino(
    {
      name: 'customs-aml',
      level,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      base: { service: 'customs-aml' },
    },
    options.destination ?? process.stderr,
  );
}
