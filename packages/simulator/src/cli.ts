#!/usr/bin/env node
/** `firecode-sim`: the simulator's command line. The program itself lives in cli-program.ts (tested). */
import { runCli } from './cli-program.js';

// No top-level await: the package also builds as CommonJS.
void runCli(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
}).then((code) => {
  process.exitCode = code;
});
