import { describe, expect, it } from 'vitest';
import { parseHostPort, parseIntegerOption, parseUnitRange } from './options.js';

describe('option parsers', () => {
  it('parses unit ranges and lists', () => {
    expect(parseUnitRange('1-3,7, 10-11')).toEqual([1, 2, 3, 7, 10, 11]);
    expect(parseUnitRange('1-247')).toHaveLength(247);
  });

  it('rejects unit ids outside 1-247 with a usage error', () => {
    for (const bad of ['0-5', '1-248', '5-1', 'x', '']) {
      expect(() => parseUnitRange(bad)).toThrow(expect.objectContaining({ code: 'GATEWAY_CLI_USAGE' }));
    }
  });

  it('parses host:port with 502 as the default port', () => {
    expect(parseHostPort('--tcp', '10.0.0.5')).toEqual({ host: '10.0.0.5', port: 502 });
    expect(parseHostPort('--tcp', '[::1]:1502')).toEqual({ host: '::1', port: 1502 });
    expect(() => parseHostPort('--tcp', 'h:99999')).toThrow(/1-65535/);
  });

  it('accepts decimal and hex integers within bounds', () => {
    expect(parseIntegerOption('--address', '0x10', 0, 65535)).toBe(16);
    expect(() => parseIntegerOption('--count', '126', 1, 125)).toThrow(
      /--count: "126" is not an integer in 1-125/,
    );
  });
});
