import { analogTypeTable, userAnalogTypeTable } from './analog-types.js';
import type { CodeTable } from './code-table.js';
import { componentTypeTable } from './component-types.js';
import {
  componentStatusTable,
  systemOperationTable,
  systemStatusTable,
  transmissionOperationTable,
  transmissionStatusTable,
} from './status-bits.js';
import { systemTypeTable } from './system-types.js';

/** Every code table with its source, in reference order (the generated docs list them this way). */
export const codeTables: readonly CodeTable[] = Object.freeze([
  systemTypeTable,
  componentTypeTable,
  analogTypeTable,
  userAnalogTypeTable,
  systemStatusTable,
  componentStatusTable,
  transmissionStatusTable,
  systemOperationTable,
  transmissionOperationTable,
]);
