/**
 * A pg client that sends, in one write, every message issued on its connection during the same turn
 * of the event loop. In pipeline mode the redemption issues several statements without waiting
 * (BEGIN with the key's claim; the ledger entry, the audit event and the stored answer), and pg
 * writes each on its own: every write to the socket is a system call that also wakes PostgreSQL,
 * and together they were the API's biggest cost (about 40 % of its processor time in a profile of
 * the redemption benchmark). The first message of a turn corks the socket; it is uncorked once the
 * turn's promise callbacks have all run (setImmediate), so nothing waits longer than that.
 */
import { Client, type ClientConfig } from 'pg';
import type { Socket } from 'node:net';

/** The part of pg's (untyped) connection this relies on: every message goes through `_send`. */
interface PgConnection {
  stream: Socket;
  _send(buffer: Buffer): boolean;
}

export class CoalescingClient extends Client {
  constructor(config?: string | ClientConfig) {
    super(config);
    const connection = (this as unknown as { connection: PgConnection }).connection;
    const send = connection._send.bind(connection);
    let corked: Socket | null = null;
    connection._send = (buffer: Buffer): boolean => {
      if (!corked && connection.stream.writable) {
        corked = connection.stream;
        corked.cork();
        setImmediate(() => {
          const stream = corked;
          corked = null;
          stream?.uncork();
        });
      }
      return send(buffer);
    };
  }
}
