import { describe, expect, it } from 'vitest';
import { RIG_IDS, startPressureRig } from './pressure-rig.js';
import { ManualRigInputs } from './rig-inputs.js';
import { RecordingPublisher } from './testing/recording-publisher.js';

describe('startPressureRig', () => {
  it('scales the ADC to kPa and reports only moves past the dead band', async () => {
    const inputs = new ManualRigInputs();
    const publisher = new RecordingPublisher();
    const rig = startPressureRig({ inputs, publisher, fullScaleKpa: 1600, deadbandKpa: 2 });
    for (const raw of [0, 1, 512, 513, 1023]) inputs.sample(raw);
    expect(publisher.readings.map((r) => r.value)).toEqual([0, 800.8, 1600]);
    expect(rig.counts.readings).toBe(3);
    await rig.stop();
    expect(inputs.closed).toBe(true);
    inputs.sample(100);
    expect(publisher.readings).toHaveLength(3);
  });

  it('sends an ADC value that cannot be as a sensor fault, not as a pressure', () => {
    const inputs = new ManualRigInputs();
    const publisher = new RecordingPublisher();
    startPressureRig({ inputs, publisher });
    inputs.sample(4000);
    expect(publisher.readings).toEqual([
      {
        point: RIG_IDS.pressure,
        value: null,
        options: { quality: { level: 'bad', reason: 'sensor-fault' } },
      },
    ]);
  });

  it('latches a fire alarm on a press and resets it on the next press; releases do nothing', () => {
    const inputs = new ManualRigInputs();
    const publisher = new RecordingPublisher();
    startPressureRig({ inputs, publisher });
    for (const pressed of [true, false, true, false, true]) inputs.press(pressed);
    expect(publisher.events.map((e) => [e.kind, e.active, e.component])).toEqual([
      ['fire', true, RIG_IDS.callPoint],
      ['fire', false, RIG_IDS.callPoint],
      ['fire', true, RIG_IDS.callPoint],
    ]);
  });
});
