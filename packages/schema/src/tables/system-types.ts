import type { CodeEntry, CodeTable } from './code-table.js';

/**
 * GB/T 26875.3-2011 table 4, building fire system types (建筑消防设施系统类型).
 * 2-9 and 25-127 are reserved, 128-255 user-defined.
 */
export const systemTypes: readonly CodeEntry[] = Object.freeze([
  { code: 0, name: 'general', en: 'General', zh: '通用' },
  { code: 1, name: 'fire-alarm-system', en: 'Fire alarm system', zh: '火灾报警系统' },
  { code: 10, name: 'fire-linkage-controller', en: 'Fire linkage controller', zh: '消防联动控制器' },
  { code: 11, name: 'hydrant-system', en: 'Fire hydrant system', zh: '消火栓系统' },
  {
    code: 12,
    name: 'automatic-sprinkler-system',
    en: 'Automatic sprinkler system',
    zh: '自动喷水灭火系统',
  },
  { code: 13, name: 'gas-extinguishing-system', en: 'Gas extinguishing system', zh: '气体灭火系统' },
  {
    code: 14,
    name: 'water-spray-pump-start',
    en: 'Water-spray extinguishing system (pump start)',
    zh: '水喷雾灭火系统（泵启动方式）',
  },
  {
    code: 15,
    name: 'water-spray-pressure-vessel-start',
    en: 'Water-spray extinguishing system (pressure vessel start)',
    zh: '水喷雾灭火系统（压力容器启动方式）',
  },
  { code: 16, name: 'foam-extinguishing-system', en: 'Foam extinguishing system', zh: '泡沫灭火系统' },
  {
    code: 17,
    name: 'dry-powder-extinguishing-system',
    en: 'Dry powder extinguishing system',
    zh: '干粉灭火系统',
  },
  { code: 18, name: 'smoke-control-system', en: 'Smoke control and exhaust system', zh: '防烟排烟系统' },
  {
    code: 19,
    name: 'fire-door-and-shutter-system',
    en: 'Fire doors and fire shutters system',
    zh: '防火门及卷帘系统',
  },
  { code: 20, name: 'fire-elevator', en: 'Fire elevator', zh: '消防电梯' },
  { code: 21, name: 'emergency-broadcast', en: 'Fire emergency broadcast', zh: '消防应急广播' },
  {
    code: 22,
    name: 'emergency-lighting-and-evacuation',
    en: 'Fire emergency lighting and evacuation signs',
    zh: '消防应急照明和疏散指示系统',
  },
  { code: 23, name: 'fire-power-supply', en: 'Fire power supply', zh: '消防电源' },
  { code: 24, name: 'fire-telephone', en: 'Fire telephone', zh: '消防电话' },
]);

/** System types with their source. */
export const systemTypeTable: CodeTable = {
  id: 'systemTypes',
  title: 'System types',
  source: 'GB/T 26875.3-2011, table 4 (2-9 and 25-127 reserved, 128-255 user-defined)',
  entries: systemTypes,
};
