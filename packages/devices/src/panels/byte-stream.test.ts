import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';
import { createMemoryBytePair } from '../testing/memory-byte-pair.js';
import { describeByteStream } from './byte-stream.conformance.js';
import { byteStreamFromDuplex } from './byte-stream.js';

describeByteStream('in-memory pair', async () => {
  const [a, b] = createMemoryBytePair();
  return { a, b, close: async () => {} };
});

describeByteStream('TCP sockets on 127.0.0.1 (byteStreamFromDuplex)', async () => {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const client = connect(address.port, '127.0.0.1');
  await once(client, 'connect');
  const [serverSide] = await accepted;
  // Teardown destroys both ends; a reset seen by the other end then is expected, not a failure.
  client.on('error', () => {});
  serverSide.on('error', () => {});
  return {
    a: byteStreamFromDuplex(client),
    b: byteStreamFromDuplex(serverSide),
    async close() {
      client.destroy();
      serverSide.destroy();
      server.close();
      await once(server, 'close');
    },
  };
});
