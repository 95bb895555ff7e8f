import type {
  AnalogValueObject,
  ComponentQuery,
  ComponentStatusObject,
  Gb26875Adu,
  SystemRef,
  SystemStatusObject,
} from '../adu/index.js';
import { TypeFlag } from '../adu/index.js';

/**
 * What only the gateway itself knows, for the centre's read requests about the transmission device
 * (81, 85, 86): the gateway implements it (its conditions give the status byte; see
 * packages/gateway/src/runtime/side-uplinks.ts).
 */
export interface GatewayFacts {
  /** The transmission device's run status byte (type 21) now; `centreLinkUp` is this link. */
  transmissionStatus(centreLinkUp: boolean): number;
  /** Software version of the gateway (type 25). */
  softwareVersion(): { major: number; minor: number };
  /** A short configuration text (type 26): gateway, building, what it reads. */
  configuration(): string;
}

/** A {@link GatewayFacts} with fixed answers: the test double, and enough for the simulator's demos. */
export function fixedFacts(
  facts: Partial<{ status: number; major: number; minor: number; text: string }> = {},
): GatewayFacts {
  return {
    transmissionStatus: (linkUp) => (facts.status ?? 1) | (linkUp ? 0 : 1 << 5),
    softwareVersion: () => ({ major: facts.major ?? 0, minor: facts.minor ?? 1 }),
    configuration: () => facts.text ?? 'Firecode gateway',
  };
}

const systemKey = (ref: SystemRef) => `${ref.systemType}/${ref.systemAddress}`;
const componentKey = (ref: ComponentQuery) => `${systemKey(ref)}/${ref.componentAddress}`;

/**
 * The latest state of every system and component, kept from the very units the uplink queues for the
 * centre, so a read request (61-63) is answered with what the centre would have heard: no second
 * interpretation of the gateway's events.
 */
export class LiveState {
  readonly #systems = new Map<string, SystemStatusObject>();
  readonly #components = new Map<string, ComponentStatusObject>();
  /** Latest analog value per component and analog type. */
  readonly #analog = new Map<string, Map<number, AnalogValueObject>>();

  /** Records what an ADU on its way to the centre says. */
  record(adu: Gb26875Adu): void {
    if (adu.type === TypeFlag.systemStatus) {
      for (const object of adu.objects) this.#systems.set(systemKey(object), object);
    } else if (adu.type === TypeFlag.componentStatus) {
      for (const object of adu.objects) this.#components.set(componentKey(object), object);
    } else if (adu.type === TypeFlag.analogValue) {
      for (const object of adu.objects) {
        const key = componentKey(object);
        let byType = this.#analog.get(key);
        if (!byType) {
          byType = new Map();
          this.#analog.set(key, byType);
        }
        byType.set(object.analogType, object);
      }
    }
  }

  /** The system's last reported status object, if any. */
  systemStatus(ref: SystemRef): SystemStatusObject | undefined {
    return this.#systems.get(systemKey(ref));
  }

  /** The component's last status, if any was reported. */
  componentStatus(query: ComponentQuery): ComponentStatusObject | undefined {
    return this.#components.get(componentKey(query));
  }

  /** Every component status of one system (for deriving a system status nobody reported). */
  componentsOf(ref: SystemRef): ComponentStatusObject[] {
    const prefix = `${systemKey(ref)}/`;
    return [...this.#components].filter(([key]) => key.startsWith(prefix)).map(([, object]) => object);
  }

  /** The component's latest analog values, one per analog type. */
  analogValues(query: ComponentQuery): AnalogValueObject[] {
    return [...(this.#analog.get(componentKey(query))?.values() ?? [])];
  }
}
