import { z } from 'zod';
import { idSchema } from './ids.js';

/** The largest GB/T 26875.3 address: 6 bytes (frame table 1). */
export const MAX_TRANSMISSION_ADDRESS = 2 ** 48 - 1;

/**
 * The gateway: the building's user-information transmission device (用户信息传输装置) in
 * GB/T 26875.3 terms.
 */
export const gatewaySchema = z.object({
  id: idSchema,
  name: z.string().optional(),
  /** Fire-code id of the building it serves. */
  building: z.string().min(1).max(64).optional(),
  /** Its 6-byte GB/T 26875.3 source address, when it also speaks that protocol. */
  transmissionAddress: z.number().int().min(0).max(MAX_TRANSMISSION_ADDRESS).optional(),
  vendor: z.string().optional(),
  model: z.string().optional(),
  softwareVersion: z.string().optional(),
});
/** The gateway (user-information transmission device). */
export type Gateway = z.infer<typeof gatewaySchema>;
