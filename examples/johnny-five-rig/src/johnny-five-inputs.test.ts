import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { johnnyFiveInputs } from './johnny-five-inputs.js';
import { RIG_IDS, startPressureRig } from './pressure-rig.js';
import { mockBoard } from './testing/mock-board.js';
import { RecordingPublisher } from './testing/recording-publisher.js';

/*
 * johnny-five's real Board, Sensor and Button on mock-firmata, driving the real rig logic. The Sensor
 * reports on a timer and the Button debounces with one, so the clock is faked: time moves only when the
 * test says so (process.nextTick, which the Board uses to announce `ready`, stays real).
 */
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('johnnyFiveInputs: johnny-five on mock-firmata', () => {
  it('turns A0 samples into kPa readings and a button press into a latched fire alarm', async () => {
    const { io, analog, digital, modes, writes } = mockBoard();
    io.emit('ready');
    const inputs = await johnnyFiveInputs(io);
    // Sensor "A0": ANALOG mode on channel 0; Button: INPUT plus a HIGH write, the pull-up.
    expect(modes).toEqual([
      [0, io.MODES.ANALOG],
      [2, io.MODES.INPUT],
    ]);
    expect(writes).toEqual([[2, 1]]);
    const publisher = new RecordingPublisher();
    const rig = startPressureRig({ inputs, publisher });
    const kpa = () => publisher.readings.map((r) => r.value);

    // Before the first sample johnny-five reports 0 every 100 ms: that must not become 0 kPa.
    await vi.advanceTimersByTimeAsync(250);
    expect(kpa()).toEqual([]);
    analog.get(0)?.(512);
    await vi.advanceTimersByTimeAsync(100);
    expect(kpa()).toEqual([800.8]);
    // The same value every 100 ms is dropped by the rig's dead band.
    await vi.advanceTimersByTimeAsync(300);
    expect(kpa()).toEqual([800.8]);
    // Three samples in one period: johnny-five reports their median (900), the spike (100) is filtered.
    for (const raw of [100, 900, 1000]) analog.get(0)?.(raw);
    await vi.advanceTimersByTimeAsync(100);
    analog.get(0)?.(1023);
    await vi.advanceTimersByTimeAsync(100);
    expect(kpa()).toEqual([800.8, 1407.6, 1600]);

    // Pull-up button: 1 idle, 0 pressed. A press raises the alarm, a second press resets it.
    const events = () => publisher.events.map((e) => [e.kind, e.active, e.component]);
    digital.get(2)?.(1);
    digital.get(2)?.(0);
    await vi.advanceTimersByTimeAsync(10);
    digital.get(2)?.(1);
    await vi.advanceTimersByTimeAsync(10);
    expect(events()).toEqual([['fire', true, RIG_IDS.callPoint]]);
    // A bounce shorter than johnny-five's 7 ms debounce is not a press.
    digital.get(2)?.(0);
    await vi.advanceTimersByTimeAsync(2);
    digital.get(2)?.(1);
    await vi.advanceTimersByTimeAsync(10);
    expect(events()).toEqual([['fire', true, RIG_IDS.callPoint]]);
    digital.get(2)?.(0);
    await vi.advanceTimersByTimeAsync(10);
    expect(events()).toEqual([
      ['fire', true, RIG_IDS.callPoint],
      ['fire', false, RIG_IDS.callPoint],
    ]);
    digital.get(2)?.(1);
    await vi.advanceTimersByTimeAsync(10);

    // Given an IO plugin, johnny-five never loaded serialport 8 (whose native binding is not built).
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    const serialport8 = /serialport@8|@serialport\+bindings@8|[\\/]firmata@/;
    expect(loaded.filter((file) => serialport8.test(file))).toEqual([]);
    expect(loaded.some((file) => file.includes('johnny-five'))).toBe(true);

    await rig.stop();
    // Stopped: the Sensor's timer is gone (nothing would keep the process alive) and nothing is sent.
    expect(vi.getTimerCount()).toBe(0);
    analog.get(0)?.(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(kpa()).toEqual([800.8, 1407.6, 1600]);
  });

  it('reads other wiring (A2, a button on pin 7 with a pull-down)', async () => {
    const { io, analog, digital, writes } = mockBoard();
    io.emit('ready');
    const inputs = await johnnyFiveInputs(io, { analogChannel: 2, buttonPin: 7, pullUp: false });
    expect(writes).toEqual([]);
    const samples: number[] = [];
    const presses: boolean[] = [];
    inputs.pressure.onSample((raw) => samples.push(raw));
    inputs.callPoint.onChange((pressed) => presses.push(pressed));
    analog.get(2)?.(100);
    digital.get(7)?.(1);
    await vi.advanceTimersByTimeAsync(100);
    digital.get(7)?.(0);
    await vi.advanceTimersByTimeAsync(10);
    expect(samples).toEqual([100]);
    expect(presses).toEqual([true, false]);
    await inputs.close();
  });

  it('refuses an analog channel the board lacks', async () => {
    const { io } = mockBoard();
    io.emit('ready');
    await expect(johnnyFiveInputs(io, { analogChannel: 9 })).rejects.toMatchObject({
      code: 'RIG_WIRING_INVALID',
      message: expect.stringMatching(/A9 does not exist on this board \(it has A0..A5\)/),
    });
  });

  it('rejects with RIG_BOARD_FAILED when the board connects but never gets ready', async () => {
    const { io } = mockBoard();
    const opening = johnnyFiveInputs(io);
    const failed = expect(opening).rejects.toMatchObject({
      code: 'RIG_BOARD_FAILED',
      message: expect.stringMatching(/timeout occurred while connecting.*StandardFirmata/s),
    });
    io.emit('connect');
    // johnny-five gives a connected board 10 s to report ready.
    await vi.advanceTimersByTimeAsync(10_000);
    await failed;
  });
});
