import { describe, expect, it } from 'vitest';
import { firmataInputs } from './firmata-inputs.js';
import { mockBoard } from './testing/mock-board.js';

describe('firmataInputs over mock-firmata', () => {
  it('waits for the board, sets the pin modes and reads A0 and the pull-up button on pin 2', async () => {
    const { io, analog, digital, modes } = mockBoard();
    const opening = firmataInputs(io);
    io.emit('ready');
    const inputs = await opening;
    // ANALOG mode takes the channel (A0 = 0); the mock has no PULLUP mode, so INPUT is used.
    expect(modes).toEqual([
      [0, io.MODES.ANALOG],
      [2, io.MODES.INPUT],
    ]);
    const samples: number[] = [];
    const presses: boolean[] = [];
    inputs.pressure.onSample((raw) => samples.push(raw));
    inputs.callPoint.onChange((pressed) => presses.push(pressed));
    for (const value of [0, 512, 1023]) analog.get(0)?.(value);
    // Pull-up wiring: 1 idle, 0 pressed; repeated equal reads are not changes.
    for (const level of [1, 1, 0, 0, 1, 0]) digital.get(2)?.(level);
    expect(samples).toEqual([0, 512, 1023]);
    expect(presses).toEqual([false, true, false, true]);
    await inputs.close();
  });

  it('reads other wiring (A2, pin 7 with a pull-down) and refuses an analog channel the board lacks', async () => {
    const { io, analog, digital } = mockBoard();
    io.emit('ready');
    const inputs = await firmataInputs(io, { analogChannel: 2, buttonPin: 7, pullUp: false });
    const presses: boolean[] = [];
    const samples: number[] = [];
    inputs.callPoint.onChange((pressed) => presses.push(pressed));
    inputs.pressure.onSample((raw) => samples.push(raw));
    digital.get(7)?.(1);
    analog.get(2)?.(100);
    expect(presses).toEqual([true]);
    expect(samples).toEqual([100]);
    await expect(firmataInputs(io, { analogChannel: 9 })).rejects.toThrow(
      /A9 does not exist on this board \(it has A0..A5\)/,
    );
  });
});
