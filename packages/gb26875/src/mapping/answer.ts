import { fitGb18030 } from '../adu/gb18030.js';
import { aduLayout } from '../adu/layouts.js';
import type {
  AduOf,
  Gb26875Adu,
  SystemOperationObject,
  TransmissionOperationObject,
} from '../adu/objects.js';
import { timeToEpochMs } from '../frame/time.js';
import type { Gb26875Mapper } from './mapper.js';

/** What the gateway says about itself in replies 25 and 26, and about its systems in 5 and 6. */
export interface DeviceFacts {
  /** The gateway's software version (reply 25). */
  readonly softwareVersion: { readonly major: number; readonly minor: number };
  /** Software versions of building fire systems by `"systemType/systemAddress"` (reply 5), where known. */
  readonly systemVersions?: Readonly<Record<string, { readonly major: number; readonly minor: number }>>;
  /** The gateway's current run status byte (reply 21), as the session keeps it. */
  readonly transmissionStatus: number;
  /** Configuration text of the gateway (reply 26); default: gateway id, building and counts. */
  readonly configuration?: string;
}

function key(systemType: number, systemAddress: number): string {
  return `${systemType}/${systemAddress}`;
}

function since<T extends { time: Parameters<typeof timeToEpochMs>[0] }>(
  records: readonly T[],
  count: number,
  start: T['time'],
): T[] {
  const from = timeToEpochMs(start);
  return records.filter((record) => timeToEpochMs(record.time) >= from).slice(0, count);
}

/**
 * The reply to one of the centre's read requests (61-68, 81-88), from the mapper's live state: the
 * ADUs to send in reply frames (split them with `splitAdu` when long), or undefined when the gateway
 * cannot answer (an unknown system or component, a version nobody configured) and should deny.
 * Commands (89-91) and uploads are not requests: undefined.
 */
export function answerRequest(
  mapper: Gb26875Mapper,
  request: Gb26875Adu,
  facts: DeviceFacts,
  now: number,
): Gb26875Adu[] | undefined {
  const layout = aduLayout(request.type);
  if (layout?.direction !== 'request') return undefined;
  const time = mapper.toTime(now);
  const { systems, gatewayOperations } = mapper.state;
  const answers: Gb26875Adu[] = [];
  for (const query of request.objects as unknown as readonly Record<string, unknown>[]) {
    const system =
      typeof query['systemType'] === 'number'
        ? systems.get(key(query['systemType'], query['systemAddress'] as number))
        : undefined;
    const needsSystem = layout.fields.some((field) => field.key === 'systemType');
    if (needsSystem && system === undefined) return undefined;
    const component =
      typeof query['componentAddress'] === 'number'
        ? system?.components.get(query['componentAddress'])
        : undefined;
    switch (request.type) {
      case 61:
        answers.push({
          type: 1,
          objects: [
            {
              systemType: system!.systemType,
              systemAddress: system!.systemAddress,
              status: system!.status,
              time,
            },
          ],
        });
        break;
      case 62:
        if (component === undefined) return undefined;
        answers.push({ type: 2, objects: [mapper.componentObject(component, time)] });
        break;
      case 63: {
        const values = system!.analog.get(query['componentAddress'] as number);
        if (values === undefined || values.size === 0) return undefined;
        answers.push({ type: 3, objects: [...values.values()] });
        break;
      }
      case 64: {
        const q = request.objects[0] as AduOf<64>['objects'][number];
        const records: SystemOperationObject[] = since(system!.operations, q.count, q.start);
        answers.push({ type: 4, objects: records });
        break;
      }
      case 65: {
        const version = facts.systemVersions?.[key(system!.systemType, system!.systemAddress)];
        if (version === undefined) return undefined;
        answers.push({
          type: 5,
          objects: [{ systemType: system!.systemType, systemAddress: system!.systemAddress, ...version }],
        });
        break;
      }
      case 66:
        answers.push({
          type: 6,
          objects: [
            {
              systemType: system!.systemType,
              systemAddress: system!.systemAddress,
              configuration: mapper.systemConfiguration(system!),
            },
          ],
        });
        break;
      case 67:
        if (component === undefined) return undefined;
        answers.push({
          type: 7,
          objects: [
            {
              systemType: component.systemType,
              systemAddress: component.systemAddress,
              componentType: component.componentType,
              componentAddress: component.componentAddress,
              description: component.description,
            },
          ],
        });
        break;
      case 68:
        // The gateway does not read the panels' clocks: it answers with its own (the one the centre syncs).
        answers.push({
          type: 8,
          objects: [{ systemType: system!.systemType, systemAddress: system!.systemAddress, time }],
        });
        break;
      case 81:
        answers.push({ type: 21, objects: [{ status: facts.transmissionStatus, time }] });
        break;
      case 84: {
        const q = request.objects[0] as AduOf<84>['objects'][number];
        const records: TransmissionOperationObject[] = since(gatewayOperations, q.count, q.start);
        answers.push({ type: 24, objects: records });
        break;
      }
      case 85:
        answers.push({ type: 25, objects: [facts.softwareVersion] });
        break;
      case 86: {
        const catalog = mapper.catalog;
        const text =
          facts.configuration ??
          [
            `gateway ${catalog.gatewayId}`,
            catalog.building?.id === undefined ? undefined : `building ${catalog.building.id}`,
            `${systems.size} systems`,
            `${catalog.components.length} components`,
            `${catalog.points.length} points`,
          ]
            .filter((part) => part !== undefined)
            .join('; ');
        answers.push({ type: 26, objects: [{ configuration: fitGb18030(text, 255) }] });
        break;
      }
      case 88:
        answers.push({ type: 28, objects: [{ time }] });
        break;
      default:
        return undefined;
    }
  }
  return answers;
}
