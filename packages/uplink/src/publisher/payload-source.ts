/**
 * A message the uplink builds when it needs it: the birth and online state on every connect, the last
 * will before every connection attempt, the offline state when it closes. It may be asynchronous (a
 * signed message: WebCrypto signs asynchronously), so each is stamped with the time it is sent.
 */
export type PayloadSource = () => Uint8Array | PromiseLike<Uint8Array>;

/**
 * Calls `source` and hands its bytes to `then`, synchronously when the source is synchronous (so an
 * uplink with plain builders publishes in the same tick, as before), else once the promise settles.
 * Anything thrown or rejected, and anything that is not a Uint8Array, goes to `failed`.
 */
export function buildPayload(
  source: PayloadSource,
  then: (bytes: Uint8Array) => void,
  failed: (cause: unknown) => void,
): void {
  let built: Uint8Array | PromiseLike<Uint8Array>;
  try {
    built = source();
  } catch (cause) {
    failed(cause);
    return;
  }
  const take = (bytes: unknown) => {
    if (bytes instanceof Uint8Array) then(bytes);
    else failed(new TypeError(`expected a Uint8Array, got ${describe(bytes)}`));
  };
  if (isPromiseLike(built)) built.then(take, failed);
  else take(built);
}

/** {@link buildPayload} as a promise. */
export function buildPayloadAsync(source: PayloadSource): Promise<Uint8Array> {
  return new Promise((resolve, reject) => buildPayload(source, resolve, reject));
}

function isPromiseLike(value: unknown): value is PromiseLike<Uint8Array> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function describe(value: unknown): string {
  return value === null
    ? 'null'
    : typeof value === 'object'
      ? (value.constructor?.name ?? 'object')
      : typeof value;
}
