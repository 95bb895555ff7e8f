/**
 * `pnpm bench <name>` runs bench/<name>.bench.ts in its own process (so one benchmark's memory and
 * timers never colour another's). Each benchmark prints a readable table and, as its last line, one
 * JSON object `{"bench": "<name>", ...figures}`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const suffix = '.bench.ts';

export function availableBenchmarks(): string[] {
  return readdirSync(benchDir)
    .filter((file) => file.endsWith(suffix))
    .map((file) => file.slice(0, -suffix.length))
    .sort();
}

function main(argv: string[]): number {
  const [name, ...rest] = argv;
  const names = availableBenchmarks();
  if (!name || name === '--help' || name === '-h' || name === '--list') {
    console.log(
      `usage: pnpm bench <name> [args]\navailable benchmarks:\n${names.map((n) => `  ${n}`).join('\n')}`,
    );
    return name ? 0 : 2;
  }
  if (!names.includes(name)) {
    console.error(
      `unknown benchmark "${name}". Available: ${names.join(', ') || '(none yet)'}.\n` +
        'Run one with: pnpm bench <name>',
    );
    return 2;
  }
  const tsxCli = fileURLToPath(import.meta.resolve('tsx/cli'));
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', tsxCli, `${benchDir}${name}${suffix}`, ...rest],
    {
      stdio: 'inherit',
    },
  );
  return result.status ?? 1;
}

process.exitCode = main(process.argv.slice(2));
