#!/usr/bin/env node
/**
 * The `firecode-ingest` command: `run` (the worker, and the status page with --http) and `migrate`.
 * Exit codes: 0 ok, 1 runtime failure, 2 bad arguments.
 */
import { isFirecodeError } from '@firecode/schema';
import {
  describeStore,
  openStore,
  parseMigrateArgs,
  parseRunArgs,
  runIngest,
  type StartHttp,
  USAGE,
} from './cli/run-ingest.js';
import { startStatusHttp } from './http/start-http.js';

/** The HTTP side (status page, API, /metrics) plugs in here. */
const startHttp: StartHttp | undefined = startStatusHttp;

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === 'migrate') {
    const options = parseMigrateArgs(args);
    const store = await openStore({ ...options });
    const info = await store.info();
    console.log(`firecode-ingest: ${describeStore(options)} is at migrations ${info.migrations.join(', ')}`);
    await store.close();
    return 0;
  }
  if (command === 'run') {
    const running = await runIngest(parseRunArgs(args), { startHttp });
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    process.stderr.write(
      'firecode-ingest: stopping (the message in hand is committed and acknowledged first)\n',
    );
    await running.close();
    return 0;
  }
  console.error(`firecode-ingest: unknown command "${command}"\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    setTimeout(() => process.exit(code), 5000).unref();
  },
  (error: unknown) => {
    const usage = isFirecodeError(error, 'INGEST_ARGUMENTS');
    console.error(`firecode-ingest: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = usage ? 2 : 1;
    setTimeout(() => process.exit(process.exitCode), 5000).unref();
  },
);
