import { type AduOptions, decodeAdu, encodeAdu, splitAdu, TypeFlag } from '../adu/index.js';
import { answerRequest, type Gb26875Mapper } from '../mapping/index.js';
import type { CentreResponder, ResponderContext } from '../session/responder.js';
import type { GatewayFacts } from './gateway-facts.js';

/**
 * The real {@link CentreResponder}: read requests answered by the mapping's `answerRequest` from the
 * mapper's live state (the very state the units sent to the centre came from), the heartbeat and the
 * check-in answer as the mapper's own units (so a later read 84 lists the check-in answer).
 */
export class MapperResponder implements CentreResponder {
  readonly #mapper: () => Gb26875Mapper;
  readonly #facts: GatewayFacts;
  readonly #options: AduOptions;

  /** `mapper` is asked each time: the uplink makes a new one when the catalog changes. */
  constructor(mapper: () => Gb26875Mapper, facts: GatewayFacts, options: AduOptions = {}) {
    this.#mapper = mapper;
    this.#facts = facts;
    this.#options = options;
  }

  reply(request: Uint8Array, context: ResponderContext): Uint8Array[] | undefined {
    const adu = decodeAdu(request, this.#options);
    const answers = answerRequest(
      this.#mapper(),
      adu,
      {
        softwareVersion: this.#facts.softwareVersion(),
        transmissionStatus: this.#facts.transmissionStatus(context.linkUp),
        configuration: this.#facts.configuration(),
      },
      context.hostMs,
    );
    return answers?.flatMap((answer) => splitAdu(answer)).map((answer) => encodeAdu(answer, this.#options));
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
      this.#mapper().transmissionAction('checkInAnswered', { time: context.hostMs }),
      this.#options,
    );
  }
}
