import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMigrateArgs, parseRunArgs } from './run-ingest.js';

const base = ['--mqtt', 'mqtt://127.0.0.1:1883', '--group', 'ingest', '--prefix', 'firecode/v1'];

describe('firecode-ingest arguments', () => {
  it('reads run options, defaulting to PGlite in ./firecode-ingest-data', () => {
    const options = parseRunArgs([
      ...base,
      '--retention-days',
      '30',
      '--http',
      '127.0.0.1:8080',
      '--client-id',
      'w-1',
    ]);
    expect(options).toMatchObject({
      mqtt: 'mqtt://127.0.0.1:1883',
      group: 'ingest',
      prefix: 'firecode/v1',
      database: undefined,
      dataDir: './firecode-ingest-data',
      retentionDays: 30,
      http: { host: '127.0.0.1', port: 8080 },
      clientId: 'w-1',
      requireSignatures: false,
    });
    expect(parseRunArgs([...base, '--http', '[::1]:9000']).http).toEqual({ host: '::1', port: 9000 });
    expect(parseRunArgs(base).clientId).toMatch(/^firecode-ingest-ingest-/);
    expect(parseRunArgs(base).protocol).toBe(5);
  });

  it('reads --protocol 4: MQTT 3.1.1, one worker, no group', () => {
    const options = parseRunArgs(['--mqtt', 'mqtt://h', '--protocol', '4', '--prefix', 'p']);
    expect(options).toMatchObject({ protocol: 4, group: undefined });
    expect(options.clientId).toMatch(/^firecode-ingest-single-/);
  });

  it.each([
    [['--group', 'g', '--prefix', 'p'], /--mqtt is required/],
    [['--mqtt', 'localhost:1883', '--group', 'g', '--prefix', 'p'], /is a localhost: URL/],
    [['--mqtt', 'mqtt://h', '--prefix', 'p'], /--group is required/],
    [['--mqtt', 'mqtt://h', '--group', 'a/b', '--prefix', 'p'], /--group "a\/b" may hold only/],
    [
      ['--mqtt', 'mqtt://h', '--group', 'g', '--prefix', 'p/#'],
      /--prefix "p\/#" must be a topic without wildcards/,
    ],
    [[...base, '--retention-days', '0'], /--retention-days "0" is not a whole number above 0/],
    [[...base, '--http', '8080'], /--http "8080" is not HOST:PORT/],
    [[...base, '--database', 'mysql://db'], /postgres:\/\/user@host:port\/database/],
    [[...base, '--bogus'], /Unknown option '--bogus'/],
    [[...base, '--protocol', '3'], /--protocol "3": give 5 .* or 4/],
    [
      [...base, '--protocol', '4'],
      /--group "ingest" with --protocol 4: MQTT 3.1.1 has no shared subscriptions/,
    ],
  ])('refuses %j saying what is wrong', (args, message) => {
    expect(() => parseRunArgs(args)).toThrow(message);
    try {
      parseRunArgs(args);
    } catch (error) {
      expect(error).toMatchObject({ code: 'INGEST_ARGUMENTS' });
      expect((error as Error).message).toContain('usage:');
    }
  });

  it('reads public keys from a JSON file and names the gateway whose key is bad', () => {
    const dir = mkdtempSync(join(tmpdir(), 'firecode-ingest-keys-'));
    try {
      const file = join(dir, 'keys.json');
      writeFileSync(file, JSON.stringify({ 'gw-1': 'ab'.repeat(32) }));
      expect(parseRunArgs([...base, '--public-keys', file]).publicKeys?.get('gw-1')).toEqual(
        new Uint8Array(32).fill(0xab),
      );
      writeFileSync(file, JSON.stringify({ 'gw-2': 'xyz' }));
      expect(() => parseRunArgs([...base, '--public-keys', file])).toThrow(
        /the key of "gw-2" is not 64 hex digits/,
      );
      expect(() => parseRunArgs([...base, '--public-keys', join(dir, 'none.json')])).toThrow(/ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads migrate options', () => {
    expect(parseMigrateArgs(['--database', 'postgres://postgres@127.0.0.1/x'])).toEqual({
      database: 'postgres://postgres@127.0.0.1/x',
      dataDir: './firecode-ingest-data',
    });
    expect(() => parseMigrateArgs(['--mqtt', 'x'])).toThrow(/Unknown option '--mqtt'/);
  });
});
