import type { ByteStream } from '@firecode/devices';
import { describe, expect, it } from 'vitest';
import type { PanelPortOpener, PanelPortSettings } from './panel-port.js';

/** A panel port implementation under test: how to open it, the panel's end, and how to pull the cable. */
export interface PanelPortFixture {
  open: PanelPortOpener;
  settings: PanelPortSettings;
  /** The far end of the cable (what a panel would write to and read from). */
  panelEnd: ByteStream;
  /** The port goes away under the open gateway end (adapter pulled, pty closed). */
  vanish(): Promise<void>;
  /** Tears everything down. */
  close(): Promise<void>;
}

/** Resolves with the first `count` bytes `stream` receives; rejects after `boundMs` (a hang, not a timing check). */
function receive(stream: ByteStream, count: number, boundMs = 10_000): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const got: number[] = [];
    const timer = setTimeout(
      () => reject(new Error(`only ${got.length} of ${count} bytes arrived`)),
      boundMs,
    );
    const off = stream.onData((chunk) => {
      got.push(...chunk);
      if (got.length >= count) {
        clearTimeout(timer);
        off();
        resolve(got);
      }
    });
  });
}

/**
 * The conformance suite every {@link PanelPortOpener} passes: bytes flow both ways, a port that goes
 * away is reported once through `onLost`, and a port closed on purpose is not reported lost.
 */
export function describePanelPort(name: string, build: () => Promise<PanelPortFixture>): void {
  describe(`PanelPort conformance: ${name}`, () => {
    it('carries bytes both ways', async () => {
      const fixture = await build();
      try {
        const port = await fixture.open(fixture.settings);
        const atPanel = receive(fixture.panelEnd, 1);
        port.stream.write(Uint8Array.of(0x20));
        expect(await atPanel).toEqual([0x20]);
        const atGateway = receive(port.stream, 3);
        fixture.panelEnd.write(Uint8Array.of(0x01, 0x03, 0x02));
        expect(await atGateway).toEqual([0x01, 0x03, 0x02]);
        await port.close();
      } finally {
        await fixture.close();
      }
    });

    it('reports a port that goes away (while being read) once, with a reason', async () => {
      const fixture = await build();
      try {
        const port = await fixture.open(fixture.settings);
        // A driver always listens; a real port notices it is gone when its read fails.
        port.stream.onData(() => {});
        const reasons: (Error | undefined)[] = [];
        const lost = new Promise<void>((resolve) =>
          port.onLost((error) => {
            reasons.push(error);
            resolve();
          }),
        );
        await fixture.vanish();
        await lost;
        await port.close();
        expect(reasons).toHaveLength(1);
        expect(reasons[0]).toBeInstanceOf(Error);
      } finally {
        await fixture.close();
      }
    });

    it('does not report a port closed on purpose as lost', async () => {
      const fixture = await build();
      try {
        const port = await fixture.open(fixture.settings);
        let lost = 0;
        port.onLost(() => lost++);
        await port.close();
        // The far end still hears nothing from a closed port, and nothing was reported.
        await fixture.vanish();
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(lost).toBe(0);
      } finally {
        await fixture.close();
      }
    });
  });
}
