/**
 * A minimal typed event emitter. Unlike Node's EventEmitter, an `'error'` event without listeners is
 * not thrown: a long-running poll loop must never crash because nobody subscribed.
 */
// biome-ignore lint/suspicious/noExplicitAny: listener signatures vary per event
export class TypedEmitter<Events extends Record<keyof Events, (...args: any[]) => void>> {
  private readonly listeners = new Map<keyof Events, Set<Events[keyof Events]>>();
  /** `once` wrappers by original listener, so that `off(event, listener)` also removes a `once`. */
  private readonly onceWrappers = new Map<Events[keyof Events], Events[keyof Events]>();
  private thrownByListeners = 0;
  private lastThrown: unknown;

  /**
   * Listeners that threw, counted: the emitter keeps going (a poll loop must not die of a faulty
   * subscriber), but the fault is not hidden. `lastListenerError` holds the most recent one.
   */
  get listenerErrors(): number {
    return this.thrownByListeners;
  }

  /** The most recent error a listener threw, for logs; `undefined` when none has. */
  get lastListenerError(): unknown {
    return this.lastThrown;
  }

  on<E extends keyof Events>(event: E, listener: Events[E]): this {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return this;
  }

  off<E extends keyof Events>(event: E, listener: Events[E]): this {
    const set = this.listeners.get(event);
    set?.delete(listener);
    const wrapper = this.onceWrappers.get(listener);
    if (wrapper !== undefined && set?.delete(wrapper)) this.onceWrappers.delete(listener);
    return this;
  }

  once<E extends keyof Events>(event: E, listener: Events[E]): this {
    const wrapper = ((...args: Parameters<Events[E]>) => {
      this.listeners.get(event)?.delete(wrapper);
      this.onceWrappers.delete(listener);
      listener(...args);
    }) as Events[E];
    this.onceWrappers.set(listener, wrapper);
    return this.on(event, wrapper);
  }

  protected emit<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as (...a: Parameters<Events[E]>) => void)(...args);
      } catch (error) {
        // A faulty listener must not break the bus loop that emitted the event: counted instead.
        this.thrownByListeners++;
        this.lastThrown = error;
      }
    }
  }
}
