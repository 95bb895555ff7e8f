import * as z from 'zod';

/**
 * A building fire system as GB/T 26875.3 addresses it: a system type (table 4) and a 1-byte system
 * address telling apart several systems of one type (e.g. two fire alarm controllers).
 */
export const fireSystemSchema = z
  .object({
    systemType: z.number().int().min(0).max(255).describe('GB/T 26875.3 system type (table 4)'),
    systemAddress: z
      .number()
      .int()
      .min(0)
      .max(255)
      .describe('GB/T 26875.3 system address (1 byte); components without one count as 0'),
    name: z.string().optional().describe('Name for humans, e.g. "fire alarm controller, tower B"'),
    vendor: z.string().optional().describe('Manufacturer'),
    model: z.string().optional().describe('Model'),
  })
  .describe('A building fire system: GB/T 26875.3 system type and address');
/** A building fire system (GB/T 26875.3 system type and address). */
export type FireSystem = z.infer<typeof fireSystemSchema>;
