import type { z } from 'zod';
import { didYouMean } from './did-you-mean.js';
import type { ConfigIssue, ConfigPath } from './issues.js';

/** The parts of zod 4's internal definition this module walks; zod exposes them on every schema. */
interface SchemaDefinition {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  values?: unknown[];
}

function definitionOf(schema: z.ZodType): SchemaDefinition {
  return (schema as unknown as { _zod: { def: SchemaDefinition } })._zod.def;
}

/** Optional, default, nullable and pipe wrappers hide the schema that says what the value must be. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let depth = 0; depth < 10; depth++) {
    const def = definitionOf(current);
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (inner === undefined) return current;
    current = inner;
  }
  return current;
}

/** The value at `path` in the parsed YAML data. */
export function valueAt(data: unknown, path: ConfigPath): unknown {
  let current = data;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

/** The schema describing the value at `path`, choosing union members by their discriminator. */
export function schemaAt(root: z.ZodType, path: ConfigPath, data: unknown): z.ZodType | undefined {
  let schema: z.ZodType | undefined = root;
  for (let i = 0; i <= path.length && schema !== undefined; i++) {
    schema = unwrap(schema);
    const def = definitionOf(schema);
    if (def.type === 'union' && def.discriminator !== undefined) {
      const discriminator = def.discriminator;
      const wanted = valueAt(data, [...path.slice(0, i), discriminator]);
      schema = def.options?.find((option) => {
        const literal = definitionOf(unwrap(option)).shape?.[discriminator];
        return literal !== undefined && definitionOf(literal).values?.includes(wanted);
      });
      if (schema === undefined) return undefined;
      schema = unwrap(schema);
    }
    if (i === path.length) return schema;
    const segment = path[i]!;
    const current = definitionOf(schema);
    if (current.type === 'object') schema = current.shape?.[String(segment)];
    else if (current.type === 'array') schema = current.element;
    else if (current.type === 'record') schema = current.valueType;
    else return undefined;
  }
  return schema;
}

/** The keys an object schema at `path` accepts. */
export function allowedKeysAt(root: z.ZodType, path: ConfigPath, data: unknown): string[] {
  const schema = schemaAt(root, path, data);
  if (schema === undefined) return [];
  return Object.keys(definitionOf(schema).shape ?? {});
}

/** Literal and enum values a schema accepts (through unions of literals, e.g. baud rates). */
function allowedValues(schema: z.ZodType | undefined): unknown[] {
  if (schema === undefined) return [];
  const def = definitionOf(unwrap(schema));
  if (def.type === 'enum') {
    const entries = (def as unknown as { entries: Record<string, unknown> }).entries;
    return Object.values(entries);
  }
  if (def.type === 'literal') return def.values ?? [];
  if (def.type === 'union') return (def.options ?? []).flatMap(allowedValues);
  return [];
}

/** Bounds of a number schema, for "allowed range" hints. */
function numberBounds(schema: z.ZodType | undefined): { min?: number; max?: number } {
  if (schema === undefined) return {};
  const inner = unwrap(schema) as unknown as { minValue?: number | null; maxValue?: number | null };
  const bounds: { min?: number; max?: number } = {};
  if (typeof inner.minValue === 'number' && Number.isFinite(inner.minValue)) bounds.min = inner.minValue;
  if (typeof inner.maxValue === 'number' && Number.isFinite(inner.maxValue)) bounds.max = inner.maxValue;
  return bounds;
}

/** Hints for fields whose rules are not obvious from a type name. */
const fieldHints: Record<string, string> = {
  id: 'use 1-64 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit',
  bus: 'use the id of one of the buses',
  unit: 'Modbus unit ids are 1-247 (0 is broadcast, 248-255 are reserved)',
  password: 'write env:VARIABLE or file:/absolute/path; never the password itself',
  listen: 'write host:port, e.g. 127.0.0.1:9464 (keep it on loopback)',
  topicPrefix:
    'write topic levels joined by "/", e.g. firecode/v1: no "#", "+", spaces, leading or trailing "/"',
  port: 'TCP ports are 1-65535 (Modbus TCP is 502)',
  baud: 'use the baud rate set on the devices (9600 is the usual default)',
};

/** Fields whose values are never echoed in messages. */
const secretFields = new Set(['password', 'username']);

function describe(value: unknown): string {
  if (value === '(value not shown)') return 'a value that is not shown because it may be a secret';
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string')
    return `the text "${value.length > 40 ? `${value.slice(0, 40)}...` : value}"`;
  return `${typeof value} ${String(value)}`;
}

const typeNames: Record<string, string> = {
  number: 'a number',
  string: 'a text',
  boolean: 'true or false',
  object: 'a mapping (key: value lines)',
  array: 'a list (lines starting with "- ")',
};

const examples: Record<string, string> = {
  number: 'e.g. 1000',
  string: 'e.g. "text"',
  boolean: 'true or false',
  object: 'indent the keys below it',
  array: 'start each entry with "- "',
};

/** Converts zod's issues into configuration issues that say what is wrong and what to do. */
export function explainZodIssues(
  issues: readonly z.core.$ZodIssue[],
  root: z.ZodType,
  data: unknown,
): ConfigIssue[] {
  const result: ConfigIssue[] = [];
  for (const issue of issues) result.push(...explainOne(issue, root, data));
  return result;
}

function explainOne(issue: z.core.$ZodIssue, root: z.ZodType, data: unknown): ConfigIssue[] {
  const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
  const field = String([...path].reverse().find((s) => typeof s === 'string') ?? 'value');
  // A secret written in plain text must not be echoed back into a terminal or a log.
  const rawValue = valueAt(data, path);
  const value = secretFields.has(field) && rawValue !== undefined ? '(value not shown)' : rawValue;
  const fieldHint = fieldHints[field];
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeysAt(root, path, data);
      return issue.keys.map((key) => ({
        path: [...path, key],
        at: 'key' as const,
        message: `unknown key "${key}"`,
        hint: didYouMean(key, allowed),
      }));
    }
    case 'invalid_type': {
      const expected = typeNames[issue.expected] ?? issue.expected;
      if (value === undefined) {
        return [
          {
            path,
            message: `"${field}" is missing`,
            hint: `add "${field}:" with ${expected}${fieldHint ? ` (${fieldHint})` : ''}`,
          },
        ];
      }
      return [
        {
          path,
          message: `"${field}" must be ${expected}, found ${describe(value)}`,
          hint: fieldHint ?? examples[issue.expected] ?? `write ${expected}`,
        },
      ];
    }
    case 'too_big':
    case 'too_small': {
      const bounds = numberBounds(schemaAt(root, path, data));
      if (issue.origin === 'array') {
        return [
          {
            path,
            message: `"${field}" needs at least ${String(issue.code === 'too_small' ? issue.minimum : '')} entries`,
            hint: `add entries under "${field}:"`,
          },
        ];
      }
      if (issue.origin === 'string') {
        return [
          {
            path,
            message: `"${field}" has a bad length: ${issue.message}`,
            hint: fieldHint ?? 'fix the text',
          },
        ];
      }
      const range =
        bounds.min !== undefined && bounds.max !== undefined
          ? `${bounds.min}-${bounds.max}`
          : issue.code === 'too_big'
            ? `at most ${String(issue.maximum)}`
            : `at least ${String(issue.minimum)}`;
      return [
        {
          path,
          message: `"${field}" is ${String(value)}, out of range ${range}`,
          hint: fieldHint ?? `use a value in ${range}`,
        },
      ];
    }
    case 'invalid_value': {
      const allowed = issue.values.map(String);
      return [
        {
          path,
          message: `"${field}" cannot be ${describe(value)}`,
          hint: didYouMean(String(value), allowed),
        },
      ];
    }
    case 'invalid_union': {
      if ('discriminator' in issue && typeof issue.discriminator === 'string') {
        const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
        const actual = valueAt(data, path);
        if (actual === undefined) {
          return [
            {
              path,
              message: `"${field}" is missing`,
              hint: `add "${field}:" (one of ${options.join(', ')})`,
            },
          ];
        }
        return [
          {
            path,
            message: `"${field}" cannot be ${describe(actual)}`,
            hint: didYouMean(String(actual), options),
          },
        ];
      }
      const allowed = allowedValues(schemaAt(root, path, data)).map(String);
      return [
        {
          path,
          message: `"${field}" cannot be ${describe(value)}`,
          hint: allowed.length > 0 ? didYouMean(String(value), allowed) : (fieldHint ?? issue.message),
        },
      ];
    }
    case 'invalid_format':
      return [
        {
          path,
          message: `"${field}" has a bad format: found ${describe(value)}`,
          hint: fieldHint ?? issue.message,
        },
      ];
    default:
      return [{ path, message: `"${field}": ${issue.message}`, hint: fieldHint ?? 'fix the value' }];
  }
}
