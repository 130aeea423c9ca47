// The shape of a sub-command: a summary for the help text and a run function returning an exit code.
export interface Command {
  summary: string;
  usage: string;
  run(args: string[]): Promise<number>;
}

/** A usage error: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
