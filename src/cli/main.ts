// customs-aml command line: one entry, one sub-command per job. Returns the exit code.
import { readFileSync } from 'node:fs';

interface Command {
  summary: string;
  run(args: string[]): Promise<number>;
}

const packageVersion = (): string =>
  (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
    .version;

const commands: Record<string, Command> = {
  demo: {
    summary: 'replay the bundled sample on the embedded store and print a summary',
    async run() {
      console.log(
        'customs-aml: the embedded demo arrives with the core pipeline (replay over data/sample/).',
      );
      console.log(
        'Until then, `npm test` exercises the real Kafka, schema registry and ClickHouse services.',
      );
      return 0;
    },
  },
  version: {
    summary: 'print the version',
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
  return command.run(rest);
}
