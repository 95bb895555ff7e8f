/**
 * `pnpm demo`: the demo building on screen. Uses MQTT_URL when set, else an embedded broker.
 * Ctrl-C (or SIGTERM) stops everything within 2 s and exits 0.
 */
import { startDemo } from './demo.js';

const STOP_BOUND_MS = 2000;

async function main(): Promise<void> {
  const brokerUrl = process.env.MQTT_URL;
  const durationArg = process.argv.indexOf('--duration');
  const durationS = durationArg > 0 ? Number(process.argv[durationArg + 1]) : undefined;
  if (durationS !== undefined && !(durationS > 0)) {
    console.error('--duration takes a number of seconds, e.g. --duration 10');
    process.exit(2);
  }
  const demo = await startDemo({ ...(brokerUrl ? { brokerUrl } : {}), print: (line) => console.log(line) });

  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${why}: stopping…`);
    const bound = setTimeout(() => {
      console.error(`did not stop within ${STOP_BOUND_MS} ms; exiting anyway`);
      process.exit(0);
    }, STOP_BOUND_MS);
    bound.unref();
    await demo.stop();
    clearTimeout(bound);
    console.log('stopped cleanly.');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('Ctrl-C'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  if (durationS !== undefined) setTimeout(() => void stop(`${durationS} s elapsed`), durationS * 1000);
}

main().catch((error: unknown) => {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
