import { type ByteStream, encodeGst9000Record, type Gst9000Record } from '@firecode/devices';
import { simulatorError } from '../errors.js';
import type { PanelPointState } from '../profile-device.js';
import type { ScenarioStep } from '../scenario-schema.js';
import type { ScenarioTarget } from '../scenario-target.js';
import { PanelPoints } from './panel-state.js';

/** What the panel prints for a new state (GB2312 text of the GST9000 printout). */
const KIND_TEXT: Readonly<Record<string, string>> = {
  fire: '火警',
  fault: '故障',
  feedback: '反馈',
  started: '启动',
  shielded: '屏蔽',
  supervisory: '监管',
};
/** ...and for the end of a state. */
const END_TEXT: Readonly<Record<string, string>> = {
  fault: '故障恢复',
  feedback: '反馈撤销',
  started: '停止',
  shielded: '取消屏蔽',
  supervisory: '监管撤销',
};

/** Options of `Gst9000Printer`. */
export interface Gst9000PrinterOptions {
  /** Location text per point `loop-address` (GB2312-encodable), default "<loop>回路<address>号". */
  locations?: Record<string, string>;
  /** Device kind text, default 感烟探测器 (smoke detector). */
  deviceText?: string;
  /** Wall-clock time for the printed timestamp (default `Date.now`). */
  now?: () => number;
}

/**
 * A simulated GST9000 panel's printer port: every state change prints a record (ESC '6', time,
 * LLL-PPP, ESC '9', GB2312 lines) with the device library's encoder. The first fire since the last
 * reset prints 首次火警 ("first fire alarm"), later ones 火警.
 */
export class Gst9000Printer implements ScenarioTarget {
  private readonly points = new PanelPoints();
  private firstFire = true;
  private silent = false;
  /** Records printed, and records swallowed while silent. */
  readonly stats = { printed: 0, suppressed: 0 };

  constructor(
    private readonly stream: ByteStream,
    private readonly options: Gst9000PrinterOptions = {},
  ) {}

  /** Prints one record as given. */
  print(record: Gst9000Record): void {
    if (this.silent) {
      this.stats.suppressed++;
      return;
    }
    this.stats.printed++;
    this.stream.write(encodeGst9000Record(record));
  }

  setPanelPoint(loop: number, address: number, state: PanelPointState): void {
    if (typeof state === 'number') {
      throw simulatorError(
        'SIM_OPTIONS_INVALID',
        'a GST9000 printer prints texts: give a state name (fire, fault, normal...), not a code',
      );
    }
    const before = this.points.change(loop, address, state);
    let kindText: string | undefined;
    if (state === 'normal') kindText = END_TEXT[before];
    else if (state === 'fire') {
      kindText = this.firstFire ? '首次火警' : '火警';
      this.firstFire = false;
    } else kindText = KIND_TEXT[state];
    if (kindText === undefined) return;
    this.print({
      printedTime: this.timestamp(),
      loop,
      point: address,
      kindText,
      location: this.options.locations?.[`${loop}-${address}`] ?? `${loop}回路${address}号`,
      deviceText: this.options.deviceText ?? '感烟探测器',
    });
  }

  /** Prints 系统复位 (system reset) and forgets every point's state. */
  resetPanel(): void {
    this.points.reset();
    this.firstFire = true;
    this.print({
      printedTime: this.timestamp(),
      loop: 0,
      point: 0,
      kindText: '系统复位',
      location: '',
      deviceText: '',
    });
  }

  /** A printer cannot garble Modbus: `no-answer`/`offline` stop printing (records are lost, counted). */
  setFault(fault: { kind: string }): void {
    if (fault.kind !== 'no-answer' && fault.kind !== 'offline') {
      throw simulatorError(
        'SIM_OPTIONS_INVALID',
        `a GST9000 printer port can only go silent (no-answer, offline), not "${fault.kind}"`,
      );
    }
    this.silent = true;
  }

  clearFault(): void {
    this.silent = false;
  }

  validate(step: ScenarioStep): string | undefined {
    if (step.panelPoint) {
      const state = step.panelPoint.state;
      if (typeof state === 'number') return 'a GST9000 printer prints texts: give a state name, not a code';
      if (state !== 'normal' && !(state in KIND_TEXT))
        return `GST9000 prints no "${state}": use ${Object.keys(KIND_TEXT).join(', ')}, normal`;
    }
    if (step.fault && step.fault.kind !== 'no-answer' && step.fault.kind !== 'offline') {
      return `a GST9000 printer port can only go silent (no-answer, offline), not "${step.fault.kind}"`;
    }
    return undefined;
  }

  /** "yy/mm/dd  hh:mm" as the sample printout shows it. */
  private timestamp(): string {
    const date = new Date((this.options.now ?? Date.now)());
    const two = (n: number) => String(n).padStart(2, '0');
    return `${two(date.getFullYear() % 100)}/${two(date.getMonth() + 1)}/${two(date.getDate())}  ${two(date.getHours())}:${two(date.getMinutes())}`;
  }
}
