#!/usr/bin/env node
/**
 * The mailbox of scripts/production-smoke.sh: a real SMTP server (smtp-server, a dev dependency) on
 * 127.0.0.1 and a free port, which keeps every message it accepts.
 *   node scripts/smoke-mailbox.js DIR
 * Writes DIR/port once it listens, then each accepted message as DIR/mail-N.json ({ from, to, subject,
 * text }, parsed by mailparser), each file renamed into place whole. Stops on SIGTERM or SIGINT.
 */
const { mkdirSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { simpleParser } = require('mailparser');
const { SMTPServer } = require('smtp-server');

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: node scripts/smoke-mailbox.js DIR\n');
  process.exit(2);
}
mkdirSync(dir, { recursive: true });

/** Written under a temporary name then renamed: a reader never sees half a file. */
function writeWhole(name, content) {
  const path = join(dir, name);
  writeFileSync(`${path}.tmp`, content);
  renameSync(`${path}.tmp`, path);
}

let count = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      // Stored before the server answers 250: once the sender has its answer, the message is on disk.
      simpleParser(Buffer.concat(chunks)).then(
        (mail) => {
          count += 1;
          const message = { from: mail.from?.text ?? '', to: mail.to?.text ?? '', subject: mail.subject ?? '', text: mail.text ?? '' };
          writeWhole(`mail-${count}.json`, `${JSON.stringify(message, null, 2)}\n`);
          process.stdout.write(`mailbox: message ${count} for ${message.to}: ${message.subject}\n`);
          callback();
        },
        (error) => callback(error),
      );
    });
  },
});

server.on('error', (error) => process.stderr.write(`mailbox: ${error.message}\n`));
server.listen(0, '127.0.0.1', () => {
  const { port } = server.server.address();
  writeWhole('port', `${port}\n`);
  process.stdout.write(`mailbox: listening on smtp://127.0.0.1:${port}\n`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
