import { encodeSystemStatus, encodeTransmissionOperation } from '@firecode/schema';
import { type AduOptions, decodeAdu, encodeAdu, type Gb26875Adu, TypeFlag } from '../adu/index.js';
import type { CentreResponder, ResponderContext } from '../session/responder.js';
import type { GatewayFacts, LiveState } from './live-state.js';

/** Component status bits that raise the same bit of a derived system status (1 fire, 2 fault, 3 shielded, 4 supervisory, 5 started, 6 feedback, 7 delay). */
const SHARED_BITS = 0b1111_1110;

/**
 * Answers the centre's read requests from the gateway's live state: 61-63 from the units already sent
 * (a system nobody reported on is derived from its components: normal unless one of them alarms),
 * 81/85/86 from the gateway's own facts, 68/88 with the corrected clock. 64 and 84 (operation
 * records) are answered with no records: the gateway keeps none beyond what it already sent.
 * Asked about a component it has never heard of, it answers with no objects rather than inventing one.
 */
export class LiveStateResponder implements CentreResponder {
  readonly #state: LiveState;
  readonly #facts: GatewayFacts;
  readonly #options: AduOptions;

  constructor(state: LiveState, facts: GatewayFacts, options: AduOptions = {}) {
    this.#state = state;
    this.#facts = facts;
    this.#options = options;
  }

  reply(request: Uint8Array, context: ResponderContext): Uint8Array | undefined {
    const adu = decodeAdu(request, this.#options);
    const reply = this.#answer(adu, context);
    return reply && encodeAdu(reply, this.#options);
  }

  heartbeat(context: ResponderContext): Uint8Array {
    return encodeAdu(
      {
        type: TypeFlag.transmissionStatus,
        objects: [{ status: this.#facts.transmissionStatus(context.linkUp), time: context.time }],
      },
      this.#options,
    );
  }

  checkInAnswer(context: ResponderContext): Uint8Array {
    return encodeAdu(
      {
        type: TypeFlag.transmissionOperation,
        objects: [
          {
            operation: encodeTransmissionOperation({ checkInAnswered: true }),
            operator: 0,
            time: context.time,
          },
        ],
      },
      this.#options,
    );
  }

  #answer(adu: Gb26875Adu, context: ResponderContext): Gb26875Adu | undefined {
    const { time } = context;
    switch (adu.type) {
      case TypeFlag.readSystemStatus:
        return {
          type: TypeFlag.systemStatus,
          objects: adu.objects.map((ref) => {
            const known = this.#state.systemStatus(ref);
            if (known) return known;
            let status = encodeSystemStatus({ normal: true });
            for (const component of this.#state.componentsOf(ref)) status |= component.status & SHARED_BITS;
            return { ...ref, status, time };
          }),
        };
      case TypeFlag.readComponentStatus:
        return {
          type: TypeFlag.componentStatus,
          objects: adu.objects.flatMap((query) => this.#state.componentStatus(query) ?? []),
        };
      case TypeFlag.readAnalogValue:
        return {
          type: TypeFlag.analogValue,
          objects: adu.objects.flatMap((query) => this.#state.analogValues(query)),
        };
      case TypeFlag.readSystemOperations:
        return { type: TypeFlag.systemOperation, objects: [] };
      case TypeFlag.readSystemTime:
        return { type: TypeFlag.systemTime, objects: adu.objects.map((ref) => ({ ...ref, time })) };
      case TypeFlag.readTransmissionStatus:
        return {
          type: TypeFlag.transmissionStatus,
          objects: [{ status: this.#facts.transmissionStatus(context.linkUp), time }],
        };
      case TypeFlag.readTransmissionOperations:
        return { type: TypeFlag.transmissionOperation, objects: [] };
      case TypeFlag.readTransmissionSoftwareVersion:
        return { type: TypeFlag.transmissionSoftwareVersion, objects: [this.#facts.softwareVersion()] };
      case TypeFlag.readTransmissionConfiguration:
        return {
          type: TypeFlag.transmissionConfiguration,
          objects: [{ configuration: this.#facts.configuration() }],
        };
      case TypeFlag.readTransmissionTime:
        return { type: TypeFlag.transmissionTime, objects: [{ time }] };
      default:
        // 65-67 ask about the building system's own software and programming, which a panel's
        // Modbus card or printer port does not tell the gateway: denied rather than made up.
        return undefined;
    }
  }
}
