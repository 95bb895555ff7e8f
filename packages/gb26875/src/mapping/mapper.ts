import {
  analogTypeForPoint,
  type Catalog,
  type Component,
  type FireEvent,
  isFirecodeError,
  type Point,
  type Reading,
  systemOperationFlags,
  toAnalogValue,
  transmissionOperationFlags,
} from '@firecode/schema';
import { fitGb18030 } from '../adu/gb18030.js';
import type {
  AnalogValueObject,
  ComponentConfigurationObject,
  ComponentStatusObject,
  Gb26875Adu,
  SystemConfigurationObject,
  SystemOperationObject,
  SystemStatusObject,
  TransmissionOperationObject,
} from '../adu/objects.js';
import { splitAdu } from '../adu/split.js';
import { gb26875Error } from '../errors.js';
import { type Gb26875Time, timeFromDate } from '../frame/time.js';
import {
  CLEARED_BY_RESET,
  type Condition,
  componentWord,
  eventRules,
  NORMAL_BIT,
  operationByte,
  SYSTEM_RESET_BIT,
  type SystemAction,
  type SystemCondition,
  systemWord,
  type TransmissionAction,
} from './conditions.js';

/** Options of {@link Gb26875Mapper}. */
export interface MapperOptions {
  /**
   * Turns an instant (epoch ms) into a time label. Default: China Standard Time (UTC+8). The session
   * passes one that applies the centre's clock sync.
   */
  readonly toTime?: (epochMs: number) => Gb26875Time;
  /**
   * A panel point's component address from its loop and address. Default: loop × 65536 + address
   * (loop in the high 16 bits), a common packing; panels that number otherwise pass their own.
   * Components with neither a `componentAddress` nor a panel address get {@link idAddress} of their id.
   */
  readonly panelAddress?: (loop: number, address: number) => number;
  /** Operation records kept per system (and for the gateway) to answer the centre's reads 64 and 84. */
  readonly historyLimit?: number;
}

/** Where a component sits in GB/T 26875.3 terms. */
export interface ComponentKey {
  readonly systemType: number;
  readonly systemAddress: number;
  readonly componentType: number;
  readonly componentAddress: number;
  readonly description: string;
}

/** A component's live state, as the mapper keeps it (read-only view). */
export interface LiveComponent extends ComponentKey {
  readonly conditions: ReadonlySet<Condition>;
  /** Its current status word. */
  readonly status: number;
}

/** A building fire system's live state, as the mapper keeps it (read-only view). */
export interface LiveSystem {
  readonly systemType: number;
  readonly systemAddress: number;
  /** The system's own conditions (power and bus faults). */
  readonly own: ReadonlySet<SystemCondition>;
  /** Its components by component address. */
  readonly components: ReadonlyMap<number, LiveComponent>;
  /** Its current status word. */
  readonly status: number;
  /** Its recent operation records, oldest first. */
  readonly operations: readonly SystemOperationObject[];
  /** The latest analog value of each point, by component address and point id. */
  readonly analog: ReadonlyMap<number, ReadonlyMap<string, AnalogValueObject>>;
}

/** The mapper's live state: what the centre's reads are answered from. */
export interface MapperState {
  /** Systems by `"systemType/systemAddress"`. */
  readonly systems: ReadonlyMap<string, LiveSystem>;
  /** The gateway's own recent operation records (type 24), oldest first. */
  readonly gatewayOperations: readonly TransmissionOperationObject[];
}

interface ComponentState extends ComponentKey {
  readonly conditions: Set<Condition>;
  status: number;
}

interface SystemState {
  readonly systemType: number;
  readonly systemAddress: number;
  readonly own: Set<SystemCondition>;
  readonly components: Map<number, ComponentState>;
  status: number;
  readonly operations: SystemOperationObject[];
  readonly analog: Map<number, Map<string, AnalogValueObject>>;
}

const DESCRIPTION_BYTES = 31;

/**
 * A stable 4-byte component address for a component the catalog gives none (and that is no panel
 * point): FNV-1a of its id, so it stays the same when other components come and go. Collisions are
 * caught when the mapper is built.
 */
export function idAddress(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

function systemKey(systemType: number, systemAddress: number): string {
  return `${systemType}/${systemAddress}`;
}

/**
 * Maps the schema's catalog, readings and events to GB/T 26875.3 application data units, and keeps
 * the live state (every component's status word, the latest analog values, recent operation records)
 * that the centre's read requests are answered from (see `answerRequest`).
 *
 * - a reading of a measured point → type 3 analog value, in the point's analog type (the schema's
 *   `analogTypeForPoint`: standard table 6, or the user-defined types for residual current);
 * - an event → type 2 with the component's new status word, then type 1 with its system's word
 *   when that changed (see `eventRules` for each kind);
 * - reset and silence at a panel → type 4 operation information (a reset also clears the alarms of
 *   the system's components, each sent as type 2, as the panel's own display does);
 * - operator actions → type 4 (at a panel) or type 24 (at the gateway, e.g. check-in answered).
 *
 * Every ADU returned holds one object; `coalesce` packs consecutive ones for a backlog.
 */
export class Gb26875Mapper {
  readonly #catalog: Catalog;
  readonly #components = new Map<string, Component>();
  readonly #points = new Map<string, Point>();
  readonly #systems = new Map<string, SystemState>();
  readonly #toTime: (epochMs: number) => Gb26875Time;
  readonly #panelAddress: (loop: number, address: number) => number;
  readonly #historyLimit: number;
  readonly #gatewayOperations: TransmissionOperationObject[] = [];

  constructor(catalog: Catalog, options: MapperOptions = {}) {
    this.#catalog = catalog;
    this.#toTime = options.toTime ?? ((ms) => timeFromDate(ms));
    this.#panelAddress = options.panelAddress ?? ((loop, address) => loop * 65536 + address);
    this.#historyLimit = options.historyLimit ?? 256;
    for (const component of catalog.components) this.#components.set(component.id, component);
    for (const point of catalog.points) this.#points.set(point.id, point);
    for (const system of catalog.systems ?? []) this.#system(system.systemType, system.systemAddress);
    const owners = new Map<string, string>();
    for (const component of catalog.components) {
      const key = this.componentKey(component);
      const where = `${key.systemType}/${key.systemAddress}/${key.componentAddress}`;
      const other = owners.get(where);
      if (other !== undefined) {
        throw gb26875Error(
          'GB26875_UNMAPPED',
          `components "${other}" and "${component.id}" would both be component address ${key.componentAddress} of system type ${key.systemType} address ${key.systemAddress}: give one a distinct componentAddress in the catalog`,
          { components: [other, component.id], componentAddress: key.componentAddress },
        );
      }
      owners.set(where, component.id);
      const state = this.#componentState(component, undefined);
      state.status = componentWord(state.conditions);
    }
  }

  /** The catalog the mapper was built from. */
  get catalog(): Catalog {
    return this.#catalog;
  }

  /** The GB/T 26875.3 identity of a catalog component (or of a panel point on it, given loop/address). */
  componentKey(component: Component, panelPoint?: { loop: number; address: number }): ComponentKey {
    const address =
      panelPoint !== undefined
        ? this.#panelAddress(panelPoint.loop, panelPoint.address)
        : (component.componentAddress ??
          (component.panel === undefined
            ? idAddress(component.id)
            : this.#panelAddress(component.panel.loop, component.panel.address)));
    const text = component.name ?? component.location?.text ?? component.id;
    return {
      systemType: component.systemType,
      systemAddress: component.systemAddress ?? 0,
      componentType: component.componentType,
      componentAddress: address,
      description: fitGb18030(text, DESCRIPTION_BYTES),
    };
  }

  /**
   * A reading as a type 3 analog value, or undefined when there is nothing to send: no value (bad
   * quality) or a state point (its changes arrive as events). Throws `GB26875_UNMAPPED` for a point
   * not in the catalog or a value its analog type cannot carry (the cause is the schema's error).
   */
  reading(reading: Reading): Gb26875Adu | undefined {
    const point = this.#points.get(reading.point);
    if (point === undefined) {
      throw gb26875Error(
        'GB26875_UNMAPPED',
        `reading of point "${reading.point}", which is not in the catalog`,
        {
          point: reading.point,
        },
      );
    }
    if (point.kind === 'state' || reading.value === null) return undefined;
    const component = this.#requireComponent(point.component, `point "${point.id}"`);
    let analogType: number;
    let value: number;
    try {
      analogType = analogTypeForPoint(point).code;
      value = toAnalogValue(reading.value, analogType);
    } catch (error) {
      if (!isFirecodeError(error)) throw error;
      throw gb26875Error(
        'GB26875_UNMAPPED',
        `point "${point.id}" value ${reading.value}: ${error.message}`,
        { point: point.id, value: reading.value },
        error,
      );
    }
    const key = this.componentKey(component);
    const object: AnalogValueObject = {
      systemType: key.systemType,
      systemAddress: key.systemAddress,
      componentType: key.componentType,
      componentAddress: key.componentAddress,
      analogType,
      value,
      time: this.#toTime(reading.time),
    };
    const system = this.#system(key.systemType, key.systemAddress);
    let latest = system.analog.get(key.componentAddress);
    if (latest === undefined) {
      latest = new Map();
      system.analog.set(key.componentAddress, latest);
    }
    latest.set(point.id, object);
    return { type: 3, objects: [object] };
  }

  /**
   * An event as ADUs (see the class note); [] when it changes nothing the centre sees (e.g. a fault
   * that was already active). Throws `GB26875_UNMAPPED` for a component not in the catalog.
   */
  event(event: FireEvent): Gb26875Adu[] {
    const component = this.#requireComponent(event.component, `event ${event.kind}`);
    const panelPoint =
      event.loop !== undefined && event.address !== undefined
        ? { loop: event.loop, address: event.address }
        : undefined;
    const rule = eventRules[event.kind];
    const time = this.#toTime(event.time);
    if (rule.effect === 'operation') {
      const key = this.componentKey(component);
      if (rule.flag === 'reset' && event.active) return this.#reset(key.systemType, key.systemAddress, time);
      if (!event.active) return [];
      return [this.#systemOperation(key.systemType, key.systemAddress, rule.flag, 0, time)];
    }
    if (rule.effect === 'system') {
      const key = this.componentKey(component);
      const system = this.#system(key.systemType, key.systemAddress);
      if (event.active) system.own.add(rule.condition);
      else system.own.delete(rule.condition);
      return this.#systemChanged(system, time);
    }
    const state = this.#componentState(component, panelPoint, event);
    const before = state.status;
    if (rule.effect === 'clear') {
      if (event.active) for (const condition of rule.conditions) state.conditions.delete(condition);
    } else if (event.active !== (rule.inverse === true)) {
      state.conditions.add(rule.condition);
    } else {
      state.conditions.delete(rule.condition);
    }
    state.status = componentWord(state.conditions);
    if (state.status === before) return [];
    const system = this.#system(state.systemType, state.systemAddress);
    return [this.#componentAdu(state, time), ...this.#systemChanged(system, time)];
  }

  /**
   * An operator action at a panel (building fire system) as a type 4 unit: `reset`, `silence`,
   * `manualAlarm`, `alarmCleared`, `selfTest`, `confirm` or `test` (the schema's operation flags).
   * `reset` also clears the system's alarms (see {@link Gb26875Mapper.event}).
   */
  systemAction(
    system: { systemType: number; systemAddress: number },
    action: SystemAction,
    options: { operator?: number; time: number },
  ): Gb26875Adu[] {
    const time = this.#toTime(options.time);
    if (action === 'reset')
      return this.#reset(system.systemType, system.systemAddress, time, options.operator ?? 0);
    return [
      this.#systemOperation(system.systemType, system.systemAddress, action, options.operator ?? 0, time),
    ];
  }

  /**
   * An operator action at the gateway itself as a type 24 unit: `reset`, `silence`, `manualAlarm`,
   * `alarmCleared`, `selfTest`, `checkInAnswered` (the answer to the centre's check-in) or `test`.
   */
  transmissionAction(action: TransmissionAction, options: { operator?: number; time: number }): Gb26875Adu {
    const operation = operationByte(transmissionOperationFlags, action);
    if (operation === undefined) {
      throw gb26875Error('GB26875_UNMAPPED', `"${action}" is not a transmission device operation`, {
        action,
      });
    }
    const object: TransmissionOperationObject = {
      operation,
      operator: options.operator ?? 0,
      time: this.#toTime(options.time),
    };
    this.#remember(this.#gatewayOperations, object);
    return { type: 24, objects: [object] };
  }

  /**
   * The whole configuration as ADUs, packed and split: type 6 for every system (name, vendor and
   * model, component count) and type 7 for every catalog component (identity and description). For a
   * session to send after connecting or after the centre's initialise (89).
   */
  configurationUnits(): Gb26875Adu[] {
    const systems: SystemConfigurationObject[] = [...this.#systems.values()].map((system) => ({
      systemType: system.systemType,
      systemAddress: system.systemAddress,
      configuration: this.systemConfiguration(system),
    }));
    const components: ComponentConfigurationObject[] = this.#catalog.components.map((component) => {
      const key = this.componentKey(component);
      return {
        systemType: key.systemType,
        systemAddress: key.systemAddress,
        componentType: key.componentType,
        componentAddress: key.componentAddress,
        description: key.description,
      };
    });
    return [...splitAdu({ type: 6, objects: systems }), ...splitAdu({ type: 7, objects: components })].filter(
      (adu) => adu.objects.length > 0,
    );
  }

  /** Every system's and component's current status as ADUs (types 1 and 2), packed and split. */
  statusUnits(time: number): Gb26875Adu[] {
    return [
      ...splitAdu({ type: 1, objects: this.systemStatuses(time) }),
      ...splitAdu({ type: 2, objects: this.componentStatuses(time) }),
    ].filter((adu) => adu.objects.length > 0);
  }

  /** A system's configuration text (type 6): its name, vendor and model, and component count. */
  systemConfiguration(system: { systemType: number; systemAddress: number }): string {
    const described = this.#catalog.systems?.find(
      (s) => s.systemType === system.systemType && s.systemAddress === system.systemAddress,
    );
    const count = this.#systems.get(systemKey(system.systemType, system.systemAddress))?.components.size ?? 0;
    const parts = [
      described?.name,
      [described?.vendor, described?.model].filter(Boolean).join(' '),
      `${count} components`,
    ];
    return fitGb18030(parts.filter((part) => part !== undefined && part !== '').join('; '), 255);
  }

  /** Every known system's current status word (type 1 objects), for read request 61 and a full sync. */
  systemStatuses(time: number): SystemStatusObject[] {
    const label = this.#toTime(time);
    return [...this.#systems.values()].map((system) => ({
      systemType: system.systemType,
      systemAddress: system.systemAddress,
      status: system.status,
      time: label,
    }));
  }

  /** Every known component's current status (type 2 objects), for read request 62 and a full sync. */
  componentStatuses(
    time: number,
    system?: { systemType: number; systemAddress: number },
  ): ComponentStatusObject[] {
    const label = this.#toTime(time);
    const systems =
      system === undefined
        ? [...this.#systems.values()]
        : [this.#systems.get(systemKey(system.systemType, system.systemAddress))].filter(
            (found): found is SystemState => found !== undefined,
          );
    return systems.flatMap((state) =>
      [...state.components.values()].map((c) => this.#componentObject(c, label)),
    );
  }

  /** The live state (read-only), for `answerRequest` and diagnostics. */
  get state(): MapperState {
    return { systems: this.#systems, gatewayOperations: this.#gatewayOperations };
  }

  /** The time label for an instant, with the mapper's clock (see `MapperOptions.toTime`). */
  toTime(epochMs: number): Gb26875Time {
    return this.#toTime(epochMs);
  }

  /** A type 2 object for a component's key and status word at a time. */
  componentObject(component: ComponentKey & { status: number }, time: Gb26875Time): ComponentStatusObject {
    return this.#componentObject(component, time);
  }

  #reset(systemType: number, systemAddress: number, time: Gb26875Time, operator = 0): Gb26875Adu[] {
    const system = this.#system(systemType, systemAddress);
    const out: Gb26875Adu[] = [this.#systemOperation(systemType, systemAddress, 'reset', operator, time)];
    for (const state of system.components.values()) {
      const before = state.status;
      for (const condition of CLEARED_BY_RESET) state.conditions.delete(condition);
      state.status = componentWord(state.conditions);
      if (state.status !== before) out.push(this.#componentAdu(state, time));
    }
    system.status = systemWord(this.#conditionsOf(system), system.own);
    // The reset bit is sent once, with the word after the reset.
    out.push({
      type: 1,
      objects: [{ systemType, systemAddress, status: system.status | SYSTEM_RESET_BIT, time }],
    });
    return out;
  }

  #systemOperation(
    systemType: number,
    systemAddress: number,
    action: SystemAction,
    operator: number,
    time: Gb26875Time,
  ): Gb26875Adu {
    const operation = operationByte(systemOperationFlags, action);
    if (operation === undefined) {
      throw gb26875Error('GB26875_UNMAPPED', `"${action}" is not a building fire system operation`, {
        action,
      });
    }
    const object: SystemOperationObject = { systemType, systemAddress, operation, operator, time };
    this.#remember(this.#system(systemType, systemAddress).operations, object);
    return { type: 4, objects: [object] };
  }

  #remember<T>(list: T[], item: T): void {
    list.push(item);
    if (list.length > this.#historyLimit) list.splice(0, list.length - this.#historyLimit);
  }

  #systemChanged(system: SystemState, time: Gb26875Time): Gb26875Adu[] {
    const before = system.status;
    system.status = systemWord(this.#conditionsOf(system), system.own);
    if (system.status === before) return [];
    return [
      {
        type: 1,
        objects: [
          { systemType: system.systemType, systemAddress: system.systemAddress, status: system.status, time },
        ],
      },
    ];
  }

  *#conditionsOf(system: SystemState): Iterable<ReadonlySet<Condition>> {
    for (const component of system.components.values()) yield component.conditions;
  }

  #componentAdu(state: ComponentState, time: Gb26875Time): Gb26875Adu {
    return { type: 2, objects: [this.#componentObject(state, time)] };
  }

  #componentObject(state: ComponentKey & { status: number }, time: Gb26875Time): ComponentStatusObject {
    return {
      systemType: state.systemType,
      systemAddress: state.systemAddress,
      componentType: state.componentType,
      componentAddress: state.componentAddress,
      status: state.status,
      description: state.description,
      time,
    };
  }

  #requireComponent(id: string, what: string): Component {
    const component = this.#components.get(id);
    if (component === undefined) {
      throw gb26875Error('GB26875_UNMAPPED', `${what} names component "${id}", which is not in the catalog`, {
        component: id,
      });
    }
    return component;
  }

  #system(systemType: number, systemAddress: number): SystemState {
    const key = systemKey(systemType, systemAddress);
    let system = this.#systems.get(key);
    if (system === undefined) {
      system = {
        systemType,
        systemAddress,
        own: new Set(),
        components: new Map(),
        status: NORMAL_BIT,
        operations: [],
        analog: new Map(),
      };
      this.#systems.set(key, system);
    }
    return system;
  }

  #componentState(
    component: Component,
    panelPoint: { loop: number; address: number } | undefined,
    event?: FireEvent,
  ): ComponentState {
    const key = this.componentKey(component, panelPoint);
    const description = event?.description;
    const system = this.#system(key.systemType, key.systemAddress);
    let state = system.components.get(key.componentAddress);
    if (state === undefined) {
      // A panel point first seen in an event takes the panel's text for it as its description.
      const text =
        panelPoint !== undefined && description !== undefined
          ? fitGb18030(description, DESCRIPTION_BYTES)
          : key.description;
      // A panel point has its own component type (a smoke detector on the controller's loop).
      const componentType =
        panelPoint !== undefined && event !== undefined ? event.componentType : key.componentType;
      state = { ...key, componentType, description: text, conditions: new Set(), status: NORMAL_BIT };
      system.components.set(key.componentAddress, state);
    }
    return state;
  }
}
