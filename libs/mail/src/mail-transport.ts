/**
 * Where e-mails go: an SMTP server (SMTP_URL), `.eml` files under DATA_DIR/mail (development without
 * SMTP_URL), or the log (MAIL_TRANSPORT=log, chosen explicitly).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';

export interface MailToSend {
  /** Stable across attempts: the Message-ID is built from it. */
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface MailTransport {
  readonly name: string;
  send(mail: MailToSend): Promise<void>;
  close(): void;
}

export const MAIL_TRANSPORT = Symbol('MailTransport');

export const MAIL_TRANSPORT_KINDS = ['smtp', 'file', 'log'] as const;
export type MailTransportKind = (typeof MAIL_TRANSPORT_KINDS)[number];

export interface MailSettings {
  kind: MailTransportKind;
  smtpUrl?: string;
  from: string;
  /** The host part of Message-IDs (PUBLIC_URL's host). */
  messageIdHost: string;
  /** Where the file transport writes. */
  mailDir: string;
}

/** An SMTP error whose code says retrying will not help (5xx). */
export function isPermanentFailure(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

function message(settings: MailSettings, mail: MailToSend) {
  return {
    from: settings.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: `<${mail.id}@${settings.messageIdHost}>`,
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}

class SmtpTransport implements MailTransport {
  readonly name = 'smtp';
  private readonly transporter: Transporter;

  constructor(private readonly settings: MailSettings) {
    // smtp:// upgrades with STARTTLS when the server offers it (add ?requireTLS=true to insist);
    // smtps:// is TLS from the first byte. Timeouts bound how long a send holds its outbox row.
    this.transporter = createTransport(String(settings.smtpUrl), {
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
    } as never);
  }

  async send(mail: MailToSend): Promise<void> {
    await this.transporter.sendMail(message(this.settings, mail));
  }

  close(): void {
    this.transporter.close();
  }
}

class FileTransport implements MailTransport {
  readonly name = 'file';
  private readonly logger = new Logger('Mail');
  private readonly builder = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  constructor(private readonly settings: MailSettings) {}

  async send(mail: MailToSend): Promise<void> {
    const built = (await this.builder.sendMail(message(this.settings, mail))) as unknown as { message: Buffer };
    await mkdir(this.settings.mailDir, { recursive: true });
    const path = resolve(this.settings.mailDir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.id}.eml`);
    await writeFile(path, built.message, { mode: 0o600 });
    this.logger.log({ to: mail.to, subject: mail.subject, path }, 'mail written to a file (no SMTP_URL)');
  }

  close(): void {}
}

class LogTransport implements MailTransport {
  readonly name = 'log';
  private readonly logger = new Logger('Mail');

  async send(mail: MailToSend): Promise<void> {
    // Chosen explicitly (MAIL_TRANSPORT=log): the text, with its links, is the only copy.
    this.logger.log({ to: mail.to, subject: mail.subject, text: mail.text }, 'mail not sent (MAIL_TRANSPORT=log): logged instead');
  }

  close(): void {}
}

export function createMailTransport(settings: MailSettings): MailTransport {
  switch (settings.kind) {
    case 'smtp':
      return new SmtpTransport(settings);
    case 'file':
      return new FileTransport(settings);
    case 'log':
      return new LogTransport();
  }
}
