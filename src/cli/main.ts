// customs-aml command line: one entry, one sub-command per job. Returns the exit code.
import { readFileSync } from 'node:fs';
import { type Command, UsageError } from './command.ts';
import { dbCommand } from './commands/db.ts';
import { demoCommand } from './commands/demo.ts';
import { evaluateCommand } from './commands/evaluate.ts';
import { generateCommand } from './commands/generate.ts';
import { importCommand } from './commands/import.ts';
import { queryCommand } from './commands/query.ts';
import { referenceCommand } from './commands/reference.ts';
import { replayCommand } from './commands/replay.ts';
import { runCommand } from './commands/run.ts';
import { schemasCommand } from './commands/schemas.ts';

const packageVersion = (): string =>
  (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
    .version;

const commands: Record<string, Command> = {
  run: runCommand,
  replay: replayCommand,
  demo: demoCommand,
  query: queryCommand,
  db: dbCommand,
  schemas: schemasCommand,
  reference: referenceCommand,
  import: importCommand,
  generate: generateCommand,
  evaluate: evaluateCommand,
  version: {
    summary: 'print the version',
    usage: 'customs-aml version',
    async run() {
      console.log(packageVersion());
      return 0;
    },
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return ['usage: customs-aml <command> [options]', '', 'commands:', ...lines].join('\n');
}

/** The names of every sub-command, for tests and completion. */
export const commandNames = (): string[] => Object.keys(commands);

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(usage());
    return name ? 0 : 2;
  }
  if (name === '--version') return commands.version!.run([]);
  const command = commands[name];
  if (!command) {
    console.error(`customs-aml: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  // `--help` anywhere before a `--` asks for the usage, whatever else the line holds.
  const end = rest.indexOf('--');
  const own = end === -1 ? rest : rest.slice(0, end);
  if (own.includes('--help') || own.includes('-h')) {
    console.log(`customs-aml ${name}: ${command.summary}\nusage: ${command.usage}`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`customs-aml ${name}: ${error.message}\nusage: ${command.usage}`);
      return 2;
    }
    // Config and start-up errors name the key or service; no stack trace for those.
    console.error(`customs-aml ${name}: ${(error as Error).message}`);
    return 1;
  }
}
