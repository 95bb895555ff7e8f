#!/usr/bin/env node
/**
 * The `firecode-gateway` command. Exit codes: 0 ok, 1 runtime failure, 2 bad configuration or
 * arguments (see `firecode-gateway --help`).
 */
import packageJson from '../package.json' with { type: 'json' };
import { defaultDeps } from './cli/deps.js';
import { processIo } from './cli/io.js';
import { runCli } from './cli/program.js';

// `firecode-gateway check ... | head` closes the pipe early: that is the reader's choice, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

runCli(process.argv, defaultDeps(processIo()), packageJson.version).then((code) => {
  process.exitCode = code;
  // Everything should be closed by now; if a stray handle keeps the process alive, do not hang a
  // service manager's stop or a script: leave after a grace period.
  setTimeout(() => process.exit(code), 5000).unref();
});
