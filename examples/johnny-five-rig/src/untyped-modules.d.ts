// firmata-io and mock-firmata ship no types; the rig types what it uses (FirmataIo) at the call site.
declare module 'firmata-io' {
  const bindTransport: { Firmata: new (port: object, options?: object) => unknown };
  export default bindTransport;
}
declare module 'mock-firmata' {
  const mocks: { Firmata: new (options?: object) => unknown };
  export default mocks;
}

/*
 * johnny-five 2.1.0: the three classes the rig uses, as they behave. @types/johnny-five 2.1.11 exists but
 * lacks what the rig relies on (`sigint`, `Board#once`/`off`, `Sensor#disable`), types `Sensor#raw` as a
 * number although it is null until the first sample, and gives the `data` value as `unknown`.
 * johnny-five is CommonJS without named exports under Node's ESM loader: import its default.
 */
declare module 'johnny-five' {
  interface BoardOptions {
    /** An IO plugin (firmata-io, mock-firmata): with it, johnny-five never loads serialport 8. */
    io: unknown;
    /** false: no REPL on stdin. */
    repl: boolean;
    /** false: no timestamped log lines on stdout. */
    debug: boolean;
    /** false: no SIGINT handler of its own (it would exit the process before the rig stops). */
    sigint: boolean;
    /** Milliseconds from the board's `connect` to `ready` before an error (default 10 000). */
    timeout?: number;
  }
  /** A log event: johnny-five emits one as `error` when the board times out. */
  interface BoardLogEvent {
    readonly class: string;
    readonly message: string;
  }
  class Board {
    constructor(options: BoardOptions);
    once(event: 'ready', listener: () => void): this;
    on(event: 'error', listener: (error: Error | BoardLogEvent) => void): this;
    off(event: 'error', listener: (error: Error | BoardLogEvent) => void): this;
  }
  class Sensor {
    constructor(options: { pin: string | number; freq?: number; board: Board });
    /** The last sample, null until the first one arrives. */
    readonly raw: number | null;
    /** `data`: every `freq` ms, the median of the samples since the last one (rounded). */
    on(event: 'data', listener: (value: number) => void): this;
    /** Stops the `freq` timer. */
    disable(): this;
  }
  class Button {
    constructor(options: { pin: number | string; isPullup?: boolean; board: Board });
    /** `press`/`release` fire 7 ms after the last edge (debounced). */
    on(event: 'press' | 'release', listener: () => void): this;
  }
  const five: { Board: typeof Board; Sensor: typeof Sensor; Button: typeof Button };
  export default five;
}
