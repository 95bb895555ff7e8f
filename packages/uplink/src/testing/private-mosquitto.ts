/**
 * Test support: a private Mosquitto on its own loopback port (for outages, TLS, auth), started from a
 * generated config in a temp directory and stopped by its pid.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Paths of PEM files for a TLS listener. */
/**
 * Why tests that run their own broker must skip here, or `false` when the `mosquitto` binary is
 * installed. (Only these tests need it: the rest fall back to the embedded aedes broker.)
 */
export const MOSQUITTO_MISSING: string | false =
  spawnSync('mosquitto', ['-h']).error === undefined
    ? false
    : 'mosquitto is not installed (apt-get install mosquitto): this test runs a private broker';

export interface MosquittoTls {
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** Require and verify a client certificate (mutual TLS). */
  readonly requireCertificate: boolean;
}

export interface PrivateMosquittoOptions {
  /** Default: a free port. Pass the old port to restart "the same" broker after an outage. */
  readonly port?: number;
  readonly tls?: MosquittoTls;
  /** Keep sessions and queued messages across pause/resume (saved on SIGTERM). Default false. */
  readonly persistence?: boolean;
  /** Require a login: these users and passwords (made into a password file with mosquitto_passwd). */
  readonly users?: Readonly<Record<string, string>>;
  /**
   * The text of an ACL file (`topic read|write|readwrite <filter>` lines; lines before any `user` line
   * apply to anonymous clients). Without it every client may use every topic. Change it while the
   * broker runs with {@link PrivateMosquitto.setAcl}.
   */
  readonly acl?: string;
}

export class PrivateMosquitto {
  private child: ChildProcess | undefined;
  private output = '';

  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly options: PrivateMosquittoOptions,
  ) {}

  /** `mqtt://127.0.0.1:<port>`, or `mqtts://` with TLS. */
  get url(): string {
    return `${this.options.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${this.port}`;
  }

  static async start(options: PrivateMosquittoOptions = {}): Promise<PrivateMosquitto> {
    const port = options.port ?? (await freePort());
    const dir = mkdtempSync(join(tmpdir(), 'firecode-mosquitto-'));
    const broker = new PrivateMosquitto(port, dir, options);
    await broker.resume();
    return broker;
  }

  /** Starts the broker process (again) on the same port. */
  async resume(): Promise<void> {
    if (this.child) return;
    const conf = join(this.dir, 'mosquitto.conf');
    const lines = [
      'per_listener_settings false',
      `allow_anonymous ${this.options.users ? 'false' : 'true'}`,
      ...(this.options.users ? [`password_file ${this.passwordFile(this.options.users)}`] : []),
      ...(this.options.acl === undefined ? [] : [`acl_file ${this.aclFile(this.options.acl)}`]),
      ...(this.options.persistence
        ? [
            'persistence true',
            `persistence_location ${this.dir}/`,
            'max_queued_messages 0',
            'max_queued_bytes 0',
          ]
        : ['persistence false']),
      // Runs as root here; without this line it would drop to the `mosquitto` user.
      'user root',
      `listener ${this.port} 127.0.0.1`,
    ];
    if (this.options.tls) {
      lines.push(
        `cafile ${this.options.tls.caFile}`,
        `certfile ${this.options.tls.certFile}`,
        `keyfile ${this.options.tls.keyFile}`,
        `require_certificate ${this.options.tls.requireCertificate}`,
      );
    }
    writeFileSync(conf, `${lines.join('\n')}\n`);
    const child = spawn('mosquitto', ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk) => (this.output += chunk));
    child.stderr?.on('data', (chunk) => (this.output += chunk));
    this.child = child;
    for (let i = 0; i < 200; i++) {
      if (child.exitCode !== null) throw new Error(`mosquitto exited (${child.exitCode}): ${this.output}`);
      if (await accepts(this.port)) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`mosquitto did not listen on ${this.port} within 5 s: ${this.output}`);
  }

  private passwordFile(users: Readonly<Record<string, string>>): string {
    const file = join(this.dir, 'passwords');
    writeFileSync(file, '');
    for (const [user, password] of Object.entries(users)) {
      execFileSync('mosquitto_passwd', ['-b', file, user, password], { stdio: 'pipe' });
    }
    return file;
  }

  private aclFile(text: string): string {
    const file = join(this.dir, 'acl');
    writeFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
    return file;
  }

  /**
   * Replaces the ACL of a broker started with one and makes it reload it (SIGHUP to our own child),
   * without dropping connections. Resolves once the broker logged the reload.
   */
  async setAcl(text: string): Promise<void> {
    if (this.options.acl === undefined) throw new Error('setAcl: start the broker with an acl option');
    const child = this.child;
    if (!child?.pid) throw new Error('setAcl: the broker is not running');
    this.aclFile(text);
    const before = this.output.length;
    process.kill(child.pid, 'SIGHUP');
    for (let i = 0; i < 200; i++) {
      if (/Reloading config/i.test(this.output.slice(before))) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`mosquitto did not log a config reload within 5 s: ${this.output.slice(before)}`);
  }

  /** Stops the broker process (an outage); `resume` starts it again. */
  async pause(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    if (child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
    await exited;
  }

  async stop(): Promise<void> {
    await this.pause();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Makes a CA, a server certificate for `localhost`, a client certificate signed by the CA, and a
 * client certificate signed by an unrelated CA (the "wrong" one), with openssl.
 */
export function makeCertificates(dir: string): {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  wrongClientCert: string;
  wrongClientKey: string;
} {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ca = (name: string) => {
    ssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.crt`,
    );
  };
  const leaf = (name: string, caName: string, extensions: string) => {
    writeFileSync(join(dir, `${name}.ext`), extensions);
    ssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=${name === 'server' ? 'localhost' : name}`,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.csr`,
    );
    ssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${caName}.crt`,
      '-CAkey',
      `${caName}.key`,
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      `${name}.ext`,
      '-out',
      `${name}.crt`,
    );
  };
  ca('test-ca');
  ca('other-ca');
  leaf('server', 'test-ca', 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  leaf('client', 'test-ca', 'extendedKeyUsage=clientAuth\n');
  leaf('intruder', 'other-ca', 'extendedKeyUsage=clientAuth\n');
  const path = (file: string) => join(dir, file);
  return {
    ca: path('test-ca.crt'),
    serverCert: path('server.crt'),
    serverKey: path('server.key'),
    clientCert: path('client.crt'),
    clientKey: path('client.key'),
    wrongClientCert: path('intruder.crt'),
    wrongClientKey: path('intruder.key'),
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A loopback port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
