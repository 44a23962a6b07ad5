/**
 * CoalescingClient on a real PostgreSQL, in pipeline mode as the app runs it: the statements issued
 * in one turn of the event loop leave in one write to the socket, and every byte of them passed
 * through pg's private `_send` (which the client wraps). Fails when a pg upgrade sends a query's
 * messages another way. The pg internals alone: libs/database/src/coalescing-client.spec.ts.
 */
import type { Socket } from 'node:net';
import { Client } from 'pg';
import { CoalescingClient } from '@app/database';
import { createTestDatabase, dropTestDatabase } from '../helpers/test-database';

interface SocketWrites {
  /** Bytes of each write that reached the socket (one system call each). */
  writes: number[];
  /** Bytes handed to the connection's `_send`. */
  sent: number;
}

/** Counts what a connected client hands to `_send` and what reaches its socket. */
function watch(client: Client): { writes: number[]; sent: () => number } {
  const connection = (client as unknown as { connection: { stream: Socket; _send(buffer: Buffer): boolean } }).connection;
  const socket = connection.stream as Socket & {
    _write(chunk: Buffer, encoding: BufferEncoding, done: (error?: Error | null) => void): void;
    _writev(chunks: Array<{ chunk: Buffer }>, done: (error?: Error | null) => void): void;
  };
  const writes: number[] = [];
  let sent = 0;
  const write = socket._write.bind(socket);
  const writev = socket._writev.bind(socket);
  socket._write = (chunk, encoding, done) => {
    writes.push(chunk.length);
    write(chunk, encoding, done);
  };
  socket._writev = (chunks, done) => {
    writes.push(chunks.reduce((total, { chunk }) => total + chunk.length, 0));
    writev(chunks, done);
  };
  const send = connection._send.bind(connection);
  connection._send = (buffer) => {
    sent += buffer.length;
    return send(buffer);
  };
  return { writes, sent: () => sent };
}

/** A simple query, a prepared statement and a parameterised query, issued together. */
async function threeStatements(client: Client): Promise<unknown[]> {
  const results = await Promise.all([
    client.query('SELECT 1 AS n'),
    client.query({ name: 'coalescing_test', text: 'SELECT $1::int AS n', values: [2] }),
    client.query('SELECT $1::text AS n', ['trois']),
  ]);
  return results.map((result) => result.rows[0].n);
}

describe('CoalescingClient on PostgreSQL', () => {
  let databaseUrl: string;

  /** Three statements issued together on a connected client of this class, in pipeline mode as the app runs: what was written. */
  async function statementsOn(ClientClass: typeof Client): Promise<SocketWrites> {
    const client = new ClientClass({ connectionString: databaseUrl, pipeline: true });
    await client.connect();
    try {
      const watched = watch(client);
      expect(await threeStatements(client)).toEqual([1, 2, 'trois']);
      // Taken before end(), whose Terminate message pg writes to the socket directly.
      return { writes: [...watched.writes], sent: watched.sent() };
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    databaseUrl = await createTestDatabase();
  });
  afterAll(() => dropTestDatabase(databaseUrl));

  it('sends statements issued in one turn in one write, every byte of them through _send', async () => {
    const watched = await statementsOn(CoalescingClient);
    expect(watched.writes).toEqual([watched.sent]);
  });

  it('a plain pg client sends the same statements in several writes: what the corking saves', async () => {
    const watched = await statementsOn(Client);
    expect(watched.writes.length).toBeGreaterThan(1);
    expect(watched.writes.reduce((total, bytes) => total + bytes, 0)).toBe(watched.sent);
  });
});
