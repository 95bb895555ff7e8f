import { describe, expect, it } from 'vitest';
import {
  componentStatusReportSchema,
  systemStatusReportSchema,
  transmissionStatusReportSchema,
} from './status-report.js';
import { decodeComponentStatus, decodeTransmissionStatus } from './status-word.js';

describe('status reports', () => {
  it('carry the words as received, decodable losslessly', () => {
    const report = componentStatusReportSchema.parse({ time: 1, component: 'smoke-3', status: 0x8003 });
    expect(decodeComponentStatus(report.status)).toMatchObject({
      normal: true,
      fireAlarm: true,
      reserved: 0x8000,
    });
    const own = transmissionStatusReportSchema.parse({ time: 1, status: 0x21 });
    expect(decodeTransmissionStatus(own.status).centreLinkFault).toBe(true);
  });

  it('reject words wider than the standard’s', () => {
    expect(
      systemStatusReportSchema.safeParse({ time: 1, systemType: 1, systemAddress: 0, status: 0x10000 })
        .success,
    ).toBe(false);
    expect(transmissionStatusReportSchema.safeParse({ time: 1, status: 0x100 }).success).toBe(false);
  });
});
