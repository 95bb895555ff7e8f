/**
 * `firecode-sim centre` as an integrator runs it to commission a gateway: a real process, a real
 * session dialling it over loopback TCP, and the frames printed decoded with the standard's terms.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  encodeAdu,
  fixedResponder,
  Gb26875Session,
  TypeFlag,
  tcpCentre,
  timeFromDate,
} from '@firecode/gb26875';
import { MemoryOutbox } from '@firecode/uplink';
import { afterEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = `${root}node_modules/.bin/tsx`;
const cli = `${root}packages/simulator/src/cli.ts`;
const started: ChildProcess[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  for (const child of started.splice(0))
    if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
});

async function waitFor(what: string, probe: () => boolean): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    if (probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('firecode-sim centre', () => {
  it('accepts a gateway, confirms its unit and prints it decoded, Chinese beside English', async () => {
    const child = spawn(tsx, [cli, 'centre', '--port', '0', '--read-every', '1'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.push(child);
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await waitFor('the banner', () => /listening on 127\.0\.0\.1:\d+/.test(out));
    const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(out)![1]);

    const queue = new MemoryOutbox();
    const session = new Gb26875Session({
      connect: tcpCentre('127.0.0.1', port),
      queue,
      responder: fixedResponder(),
      sourceAddress: 110105000001,
      heartbeatMs: 0,
    });
    closers.push(() => session.close());
    session.start();
    await queue.append('alarm', () =>
      encodeAdu({
        type: TypeFlag.componentStatus,
        objects: [
          {
            systemType: 1,
            systemAddress: 1,
            componentType: 40,
            componentAddress: 23,
            status: 0b11,
            description: '2F corridor',
            time: timeFromDate(Date.now()),
          },
        ],
      }),
    );
    session.wake();
    await waitFor('the confirm', () => session.stats().confirmed === 1);
    // The schedule cycles 61, 62, 63, 81; this session's responder answers 81 and denies the others.
    await waitFor('a reply printed', () => /→ #\d+ 应答 reply \(5\)/.test(out));
    expect(out).toMatch(/→ #\d+ 否认 deny \(6\)/);
    expect(out).toMatch(
      /→ #0 发送数据 send data \(2\) 110105000001 → 0 at .* 上传建筑消防设施部件运行状态 Component status \(2\) ×1: \[系统类型标志 systemType=1, .*部件地址 componentAddress=23, .*部件说明 description="2F corridor"/,
    );
    expect(out).toMatch(/← #0 确认 confirm \(3\)/);
    expect(out).toMatch(/← #\d+ 请求 request \(4\)/);
    expect(out).toMatch(/→ #\d+ 应答 reply \(5\)/);
    process.kill(child.pid!, 'SIGTERM');
    await waitFor('the stop', () => /firecode-sim: stopped/.test(out));
  });
});
