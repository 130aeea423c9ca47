// Shared option parsing for the sub-commands (node:util parseArgs, strict: unknown flags are errors).
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './command.ts';

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** --config DIR, shared by every command that reads config/. */
export const configOption = { config: { type: 'string', default: 'config' } } as const;
