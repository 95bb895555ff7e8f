import type { PanelPointState } from '../profile-device.js';

/**
 * The state of every point of a simulated serial panel, so that "normal" after a fault can be
 * reported as that fault's end (panels print "fault restored", not "normal").
 */
export class PanelPoints {
  private readonly states = new Map<string, string>();

  /** Records the new state and returns the one before (`'normal'` when unknown). */
  change(loop: number, address: number, state: PanelPointState): string {
    const key = `${loop}-${address}`;
    const before = this.states.get(key) ?? 'normal';
    if (state === 'normal') this.states.delete(key);
    else this.states.set(key, String(state));
    return before;
  }

  /** Every point back to normal. */
  reset(): void {
    this.states.clear();
  }

  /** Points not normal, as `loop-address`. */
  active(): string[] {
    return [...this.states.keys()];
  }
}
