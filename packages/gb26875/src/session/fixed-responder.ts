import { encodeTransmissionOperation } from '@firecode/schema';
import { encodeAdu, TypeFlag } from '../adu/index.js';
import type { CentreResponder, ResponderContext } from './responder.js';

/**
 * The test double of {@link CentreResponder}: a fixed status byte for heartbeats and read request 81,
 * the standard check-in answer, and nothing else (every other request is denied).
 */
export function fixedResponder(status = 1): CentreResponder {
  const transmissionStatus = (context: ResponderContext) =>
    encodeAdu({ type: TypeFlag.transmissionStatus, objects: [{ status, time: context.time }] });
  return {
    reply: (request, context) =>
      request[0] === TypeFlag.readTransmissionStatus ? [transmissionStatus(context)] : undefined,
    heartbeat: transmissionStatus,
    checkInAnswer: (context) =>
      encodeAdu({
        type: TypeFlag.transmissionOperation,
        objects: [
          {
            operation: encodeTransmissionOperation({ checkInAnswered: true }),
            operator: 0,
            time: context.time,
          },
        ],
      }),
  };
}
