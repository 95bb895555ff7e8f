import * as z from 'zod';

/**
 * High-rise use classes of GB 50016 (code for fire protection design of buildings), which decide
 * the fire-protection requirements: residential class 1 is above 54 m, class 2 above 27 m; public
 * class 1 is above 50 m (or above 24 m with certain uses), class 2 the other public high-rises.
 */
export const buildingUseClasses = [
  'residential-class-1',
  'residential-class-2',
  'public-class-1',
  'public-class-2',
  'other',
] as const;
/** One of {@link buildingUseClasses}. */
export type BuildingUseClass = (typeof buildingUseClasses)[number];

/** A building registered in the high-rise fire code programme. */
export const buildingSchema = z
  .object({
    id: z
      .string()
      .min(1)
      .max(64)
      .describe("The building's fire-code id as issued by the programme (free form: issuers differ)"),
    name: z.string().min(1).describe('Name of the building'),
    address: z.string().min(1).describe('Postal address, free text'),
    height: z
      .number()
      .positive()
      .max(1000)
      .optional()
      .describe('Building height in metres (GB 50016 measuring rule)'),
    useClass: z.enum(buildingUseClasses).optional().describe('High-rise use class of GB 50016'),
    floors: z
      .object({
        above: z.number().int().min(1).max(300).describe('Storeys above ground'),
        below: z.number().int().min(0).max(20).describe('Storeys below ground'),
      })
      .optional()
      .describe('Number of storeys'),
  })
  .describe('A building registered in the high-rise fire code programme');
/** A building registered in the high-rise fire code programme. */
export type Building = z.infer<typeof buildingSchema>;
