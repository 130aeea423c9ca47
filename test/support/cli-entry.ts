// Runs the CLI from source in a child process (Node strips the types), for tests that must kill it.
import { main } from '../../src/cli/main.ts';

process.exitCode = await main(process.argv.slice(2));
