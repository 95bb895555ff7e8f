/**
 * What only the gateway itself knows, for the heartbeat and the centre's read requests about the
 * transmission device (81, 85, 86): the gateway implements it (its conditions give the status byte;
 * see packages/gateway/src/runtime/side-uplinks.ts).
 */
export interface GatewayFacts {
  /** The transmission device's run status byte (type 21) now; `centreLinkUp` is this link. */
  transmissionStatus(centreLinkUp: boolean): number;
  /** Software version of the gateway (type 25). */
  softwareVersion(): { major: number; minor: number };
  /** A short configuration text (type 26): gateway, building, what it reads. */
  configuration(): string;
}

/** A {@link GatewayFacts} with fixed answers: the test double, and enough for demos. */
export function fixedFacts(
  facts: Partial<{ status: number; major: number; minor: number; text: string }> = {},
): GatewayFacts {
  return {
    transmissionStatus: (linkUp) => (facts.status ?? 1) | (linkUp ? 0 : 1 << 5),
    softwareVersion: () => ({ major: facts.major ?? 0, minor: facts.minor ?? 1 }),
    configuration: () => facts.text ?? 'Firecode gateway',
  };
}
