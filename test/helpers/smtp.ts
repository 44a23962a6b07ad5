/**
 * A real SMTP server for tests (smtp-server, on a free port): keeps every message it accepted,
 * parsed (mailparser), and can refuse the first deliveries with a temporary error (451).
 */
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TestSmtpServer {
  /** smtp://127.0.0.1:<port> — what SMTP_URL is set to. */
  url: string;
  /** Accepted messages, in order. */
  received: ParsedMail[];
  /** How many deliveries it refused (451). */
  refused: number;
  /** Refuses the next `count` deliveries (451), e.g. once what the demo seed queued is delivered. */
  refuseNext(count: number): void;
  close(): Promise<void>;
}

export async function startSmtpServer(options: { refuseFirst?: number } = {}): Promise<TestSmtpServer> {
  let toRefuse = options.refuseFirst ?? 0;
  const state = { received: [] as ParsedMail[], refused: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (toRefuse > 0) {
          toRefuse -= 1;
          state.refused += 1;
          const error = Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 });
          return callback(error);
        }
        // Parsed before the server answers 250: once the sender's call returns, the message is here.
        simpleParser(Buffer.concat(chunks)).then(
          (parsed) => {
            state.received.push(parsed);
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    get received() {
      return state.received;
    },
    get refused() {
      return state.refused;
    },
    refuseNext: (count: number) => {
      toRefuse = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The single-use password link in a message's text. */
export function passwordLinkIn(mail: ParsedMail): { url: string; token: string } {
  const match = /(https?:\/\/\S+\/mot-de-passe\/([A-Za-z0-9_-]{43}))/.exec(mail.text ?? '');
  if (!match) throw new Error(`no password link in: ${mail.text}`);
  return { url: match[1], token: match[2] };
}

/** The messages addressed to this e-mail (the SMTP server keeps everyone's). */
export function mailsTo(mails: ParsedMail[], email: string): ParsedMail[] {
  return mails.filter((mail) =>
    (Array.isArray(mail.to) ? mail.to : [mail.to]).some((to) => to?.value.some((address) => address.address === email)),
  );
}
