/**
 * Device library throughput: how much CPU one poll's normalization costs (a transmitter, a 4-loop
 * residual-current monitor, a 16-loop GST panel = 3840 point registers), and how fast the panel
 * serial parsers eat bytes. `pnpm bench devices`
 */
import {
  createDeviceNormalizer,
  createRegisterSnapshot,
  encodeGst9000Record,
  encodeLd128eRecord,
  encodePointValue,
  Gst9000PrinterParser,
  getProfile,
  initialRegisterWrites,
  Ld128eStreamParser,
} from '@firecode/devices';
import { printResult, printTable } from './support.js';

function timeIt(
  label: string,
  iterations: number,
  run: (i: number) => void,
): { label: string; perSecond: number; microseconds: number } {
  for (let i = 0; i < Math.min(200, iterations); i++) run(i); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) run(i);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { label, perSecond: iterations / seconds, microseconds: (seconds / iterations) * 1e6 };
}

// One transmitter poll: 1 reading, thresholds checked.
const mpd = getProfile('mpd-380');
const mpdSnapshots = [120, 90].map((kpa) => createRegisterSnapshot(encodePointValue(mpd, 'pressure', kpa)));
const mpdNormalizer = createDeviceNormalizer(mpd, { deviceId: 'pt-1' });
const transmitter = timeIt('mpd-380 poll (1 reading)', 200_000, (i) => {
  mpdNormalizer.normalize(mpdSnapshots[i & 1]!, i);
});

// Residual-current monitor: 9 readings, 4 coded fault fields.
const rcm = getProfile('residual-current-monitor-4');
const rcmSnapshot = createRegisterSnapshot(initialRegisterWrites(rcm));
const rcmNormalizer = createDeviceNormalizer(rcm, { deviceId: 'rcm-1' });
const monitor = timeIt('residual-current-monitor-4 poll (9 readings)', 100_000, (i) => {
  rcmNormalizer.normalize(rcmSnapshot, i);
});

// A 16-loop panel: 3840 point registers, one fire toggling each poll (an event every poll).
const gst = getProfile('gst-modbus-panel');
const gstSnapshot = createRegisterSnapshot(initialRegisterWrites(gst));
const gstNormalizer = createDeviceNormalizer(gst, { deviceId: 'fap-1' });
const panel = timeIt('gst-modbus-panel poll (16 loops, 3840 points)', 2_000, (i) => {
  gstSnapshot.set('holding', 262, [i & 1]);
  gstNormalizer.normalize(gstSnapshot, i);
});

// Serial parsers on a realistic stream.
const record = {
  printedTime: '08/12/02  17:24',
  loop: 4,
  point: 4,
  kindText: '首次火警',
  location: '裙楼一层上空',
  deviceText: '感烟探测器',
};
const printout = Buffer.concat(Array.from({ length: 1000 }, () => Buffer.from(encodeGst9000Record(record))));
let gstRecords = 0;
const printer = timeIt('gst9000 printer parser (1000-record stream)', 20, () => {
  const parser = new Gst9000PrinterParser();
  for (let offset = 0; offset < printout.length; offset += 64)
    gstRecords += parser.feed(printout.subarray(offset, offset + 64)).records.length;
});
const crt = Buffer.concat(
  Array.from({ length: 10_000 }, (_, i) =>
    i % 4 === 0 ? Buffer.from(encodeLd128eRecord({ code: 1, loop: 1, address: i & 0xff })) : Buffer.of(0x7f),
  ),
);
let ldRecords = 0;
const ld = timeIt('ld128e stream parser (10000 replies)', 20, () => {
  const parser = new Ld128eStreamParser();
  for (let offset = 0; offset < crt.length; offset += 64)
    ldRecords += parser.feed(crt.subarray(offset, offset + 64)).records.length;
});

printTable('device normalization and panel parsing (single core, no I/O)', [
  ...[transmitter, monitor, panel].map((r) => ({
    what: r.label,
    'per second': Math.round(r.perSecond),
    'µs each': r.microseconds,
  })),
  {
    what: printer.label,
    'per second': Math.round(((printer.perSecond * printout.length) / 1e6) * 100) / 100,
    'µs each': printer.microseconds,
  },
  {
    what: ld.label,
    'per second': Math.round(((ld.perSecond * crt.length) / 1e6) * 100) / 100,
    'µs each': ld.microseconds,
  },
]);
console.log('(parser rows: "per second" is MB/s; µs each is per whole stream)');
if (gstRecords === 0 || ldRecords === 0) throw new Error('parsers found no records: the benchmark is broken');

printResult('devices', {
  transmitterPollsPerSecond: Math.round(transmitter.perSecond),
  monitorPollsPerSecond: Math.round(monitor.perSecond),
  panelPollMicroseconds: Math.round(panel.microseconds),
  panelPointsPerSecond: Math.round(panel.perSecond * 3840),
  gst9000MegabytesPerSecond: Number(((printer.perSecond * printout.length) / 1e6).toFixed(2)),
  ld128eMegabytesPerSecond: Number(((ld.perSecond * crt.length) / 1e6).toFixed(2)),
});
