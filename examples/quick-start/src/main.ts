/**
 * `pnpm demo`: the demo building on screen. Uses MQTT_URL when set, else an embedded broker.
 * Ctrl-C (or SIGTERM) stops everything within 2 s and exits 0.
 * Options: --duration <s> stops by itself after that long; --fire-at <s> moves the fire alarm;
 * --http <host:port> where the status page listens (default 127.0.0.1:8080, or a free port if taken).
 */
import { parseListen } from '@firecode/ingest';
import { startDemo } from './demo.js';

const STOP_BOUND_MS = 2000;

/** `--name <seconds>` from the command line; exits 2 with a hint when it is not a positive number. */
function secondsOption(name: string): number | undefined {
  const at = process.argv.indexOf(name);
  if (at < 0) return undefined;
  const value = Number(process.argv[at + 1]);
  if (!(value > 0)) {
    console.error(`${name} takes a number of seconds, e.g. ${name} 10 (got "${process.argv[at + 1] ?? ''}")`);
    process.exit(2);
  }
  return value;
}

/** `--http host:port`; exits 2 with a hint when it is not one. */
function listenOption(): { host: string; port: number } | undefined {
  const at = process.argv.indexOf('--http');
  if (at < 0) return undefined;
  try {
    return parseListen(process.argv[at + 1] ?? '');
  } catch (error) {
    console.error(`--http: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const brokerUrl = process.env.MQTT_URL;
  const listen = listenOption();
  const durationS = secondsOption('--duration');
  const fireAtSeconds = secondsOption('--fire-at');
  const demo = await startDemo({
    ...(brokerUrl ? { brokerUrl } : {}),
    ...(fireAtSeconds === undefined ? {} : { fireAtSeconds }),
    ...(listen ? { httpHost: listen.host, httpPort: listen.port } : {}),
    print: (line) => console.log(line),
  });

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
