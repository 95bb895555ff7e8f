import * as z from 'zod';
import { idSchema } from './ids.js';

/** The largest GB/T 26875.3 address: 6 bytes (frame table 1). */
export const MAX_TRANSMISSION_ADDRESS = 2 ** 48 - 1;

/**
 * The gateway: the building's user-information transmission device (用户信息传输装置) in
 * GB/T 26875.3 terms.
 */
export const gatewaySchema = z
  .object({
    id: idSchema.describe('Gateway id, unique in the programme'),
    name: z.string().optional().describe('Name for humans'),
    building: z.string().min(1).max(64).optional().describe('Fire-code id of the building it serves'),
    transmissionAddress: z
      .number()
      .int()
      .min(0)
      .max(MAX_TRANSMISSION_ADDRESS)
      .optional()
      .describe('Its 6-byte GB/T 26875.3 source address, when it also speaks that protocol'),
    vendor: z.string().optional().describe('Manufacturer'),
    model: z.string().optional().describe('Model'),
    softwareVersion: z.string().optional().describe('Software version'),
  })
  .describe('The gateway: the building’s user-information transmission device (GB/T 26875.3)');
/** The gateway (user-information transmission device). */
export type Gateway = z.infer<typeof gatewaySchema>;
