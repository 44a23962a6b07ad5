import { Injectable, Logger } from '@nestjs/common';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/** Anything that delivers mail. There is no mail server yet: the default writes to the log. */
export interface MailSender {
  send(mail: OutgoingMail): Promise<void>;
}

export const MAIL_SENDER = Symbol('MailSender');

@Injectable()
export class LogMailSender implements MailSender {
  private readonly logger = new Logger('Mail');

  async send(mail: OutgoingMail): Promise<void> {
    this.logger.log({ to: mail.to, subject: mail.subject, text: mail.text }, 'mail not sent (no mail server): logged instead');
  }
}
