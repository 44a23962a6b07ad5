/**
 * CoalescingClient relies on a private method of pg: every message of a query leaves through the
 * connection's `_send` (docs/adr/0013-pipelined-transactions-on-a-corking-pg-client.md). These tests
 * fail when a pg upgrade removes it, or sends a query's messages another way: then the corking
 * silently stops. The same on a real PostgreSQL: test/e2e/coalescing-client.e2e-spec.ts.
 */
import { Writable } from 'node:stream';
import { Connection } from 'pg';
import { CoalescingClient } from './coalescing-client';

/** A writable stream standing for the socket: it records each write that reaches it (one system call each on a socket). */
function recordingStream(): { stream: Writable; writes: Buffer[][] } {
  const writes: Buffer[][] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      writes.push([chunk]);
      done();
    },
    writev(chunks, done) {
      writes.push(chunks.map(({ chunk }) => chunk as Buffer));
      done();
    },
  });
  return { stream, writes };
}

/** The messages of a simple query and of a prepared statement's execution, as pg's Query sends them. */
function sendQueryMessages(connection: Connection): void {
  connection.query('SELECT 1');
  connection.parse({ name: 'spend', text: 'SELECT $1::int', types: [] }, false);
  connection.bind({ statement: 'spend', values: ['2'] }, false);
  connection.describe({ type: 'P', name: '' }, false);
  connection.execute({ portal: '' }, false);
  connection.close({ type: 'S', name: 'spend' }, false);
  connection.sync();
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('CoalescingClient and the pg internals it relies on', () => {
  it('pg connections still send through _send', () => {
    expect(typeof (Connection.prototype as unknown as { _send?: unknown })._send).toBe('function');
  });

  it('every message of a query leaves through _send, and nothing else reaches the socket', async () => {
    const { stream, writes } = recordingStream();
    const connection = new Connection({ stream: () => stream as never });
    const passed: Buffer[] = [];
    const internals = connection as unknown as { _send(buffer: Buffer): boolean };
    const send = internals._send.bind(connection);
    internals._send = (buffer) => {
      passed.push(buffer);
      return send(buffer);
    };
    sendQueryMessages(connection);
    await nextTurn();
    expect(passed).toHaveLength(7);
    expect(Buffer.concat(writes.flat())).toEqual(Buffer.concat(passed));
  });

  it('sends the messages issued in one turn of the event loop in one write, and those of the next turn in another', async () => {
    const { stream, writes } = recordingStream();
    const client = new CoalescingClient({ stream: () => stream as never });
    const connection = (client as unknown as { connection: Connection }).connection;
    sendQueryMessages(connection);
    sendQueryMessages(connection);
    expect(writes).toHaveLength(0); // corked until the turn ends
    await nextTurn();
    expect(writes).toHaveLength(1);
    expect(writes[0]).toHaveLength(14);
    sendQueryMessages(connection);
    await nextTurn();
    expect(writes.map((chunks) => chunks.length)).toEqual([14, 7]);
  });

  it('a plain pg connection writes them one by one: what the client saves', async () => {
    const { stream, writes } = recordingStream();
    const connection = new Connection({ stream: () => stream as never });
    sendQueryMessages(connection);
    await nextTurn();
    expect(writes.length).toBeGreaterThan(1);
  });
});
