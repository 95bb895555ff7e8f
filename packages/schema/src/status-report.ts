import * as z from 'zod';

const time = z.number().int().nonnegative().describe('Epoch milliseconds (UTC)');
const word16 = z
  .number()
  .int()
  .min(0)
  .max(0xffff)
  .describe('The 16-bit status word as received; decode with the matching decode function');

/** A building fire system's status word at a time (GB/T 26875.3 data unit type 1). */
export const systemStatusReportSchema = z
  .object({
    time,
    systemType: z.number().int().min(0).max(255).describe('GB/T 26875.3 system type (table 4)'),
    systemAddress: z.number().int().min(0).max(255).describe('GB/T 26875.3 system address'),
    status: word16.describe('System status word (decodeSystemStatus)'),
  })
  .describe("A building fire system's status word at a time (GB/T 26875.3 data unit type 1)");
/** A building fire system's status word at a time. */
export type SystemStatusReport = z.infer<typeof systemStatusReportSchema>;

/** A component's status word at a time (GB/T 26875.3 data unit type 2). */
export const componentStatusReportSchema = z
  .object({
    time,
    component: z.string().min(1).describe('Component id (as in the catalog)'),
    status: word16.describe('Component status word (decodeComponentStatus)'),
    description: z
      .string()
      .optional()
      .describe('Description as received (the GB/T 26875.3 wire field is 31 bytes of GB18030)'),
  })
  .describe("A component's status word at a time (GB/T 26875.3 data unit type 2)");
/** A component's status word at a time. */
export type ComponentStatusReport = z.infer<typeof componentStatusReportSchema>;

/** The transmission device's (gateway's) own run status at a time (GB/T 26875.3 data unit type 21). */
export const transmissionStatusReportSchema = z
  .object({
    time,
    status: z
      .number()
      .int()
      .min(0)
      .max(0xff)
      .describe('Transmission device status byte (decodeTransmissionStatus)'),
  })
  .describe("The gateway's own run status byte at a time (GB/T 26875.3 data unit type 21)");
/** The transmission device's own run status at a time. */
export type TransmissionStatusReport = z.infer<typeof transmissionStatusReportSchema>;
