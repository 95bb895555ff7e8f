import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * A credential read from an environment variable or a file. The value lives in a private field, so
 * `JSON.stringify`, `util.inspect`, template strings and pino all print `[redacted]`: a secret cannot
 * reach a log line or `check` output by accident, only through an explicit `reveal()`.
 */
export class Secret {
  readonly #value: string;
  /** Where the value came from (`env:VAR` or `file:/path`), safe to print. */
  readonly source: string;

  constructor(value: string, source: string) {
    this.#value = value;
    this.source = source;
  }

  /** The secret value; call only where it is handed to the library that needs it. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return `${REDACTED} (${this.source})`;
  }

  [inspect.custom](): string {
    return `Secret(${this.source})`;
  }
}

/** Where secrets come from; the real one reads `process.env` and the file system. */
export interface SecretSource {
  env(name: string): string | undefined;
  /** The file's content, or an Error saying why it cannot be read. */
  readFile(path: string): string | Error;
}

/** The outcome of resolving one reference: the secret, or what went wrong and what to do. */
export type SecretResolution = { ok: true; secret: Secret } | { ok: false; problem: string; hint: string };

/**
 * Resolves `env:VAR` or `file:/path`. A file's trailing newline is dropped because `echo pw > file`
 * writes one and nobody means it to be part of the password.
 */
export function resolveSecretReference(reference: string, source: SecretSource): SecretResolution {
  if (reference.startsWith('env:')) {
    const name = reference.slice(4);
    const value = source.env(name);
    if (value === undefined || value === '') {
      return {
        ok: false,
        problem: `environment variable ${name} is not set`,
        hint: `set ${name} in the service environment (e.g. an EnvironmentFile= in the systemd unit)`,
      };
    }
    return { ok: true, secret: new Secret(value, reference) };
  }
  if (reference.startsWith('file:')) {
    const path = reference.slice(5);
    const content = source.readFile(path);
    if (content instanceof Error) {
      return {
        ok: false,
        problem: `secret file ${path} cannot be read (${content.message})`,
        hint: 'create it readable by the gateway user only (chmod 600), or fix the path',
      };
    }
    const value = content.replace(/\r?\n$/, '');
    if (value === '') {
      return { ok: false, problem: `secret file ${path} is empty`, hint: 'write the secret into the file' };
    }
    return { ok: true, secret: new Secret(value, reference) };
  }
  return {
    ok: false,
    problem: 'a secret must not be written in the configuration file',
    hint: 'use env:VARIABLE or file:/absolute/path',
  };
}
