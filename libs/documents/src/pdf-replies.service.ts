/**
 * The one rule for every PDF the API answers (booklets, statements, remittances, summaries):
 * - nothing is sent until the PDF is ready to start: a failure then answers an error in the API's
 *   shape (500, or the service's own 4xx), never a 200 with a broken file;
 * - a failure once bytes have gone aborts the connection, so the client sees a broken transfer
 *   rather than a complete 200;
 * - either failure is logged and audited (`pdf.failed`, with the stage and the reason).
 */
import type { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import type { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { type Actor, DomainError } from '@app/domain';

export const PDF_MEDIA_TYPE = 'application/pdf';

/** What the PDF is of, for the log and the audit trail. */
export interface PdfSubject {
  /** e.g. "booklets", "order_statement". */
  document: string;
  objectType: string;
  objectId: string;
}

export interface PdfFile {
  filename: string;
  /** A whole PDF drawn in memory, or one drawn while it is read. */
  content: Buffer | Readable;
}

export type PdfFailureStage = 'before_first_byte' | 'mid_stream';

@Injectable()
export class PdfReplies {
  private readonly logger = new Logger('Pdf');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * Draws (`produce`) then sends. A DomainError from `produce` is the service's answer to the
   * request (not found, not available yet…) and goes out as it is; any other error is a failure.
   */
  async send(
    reply: FastifyReply,
    actor: Actor,
    subject: PdfSubject,
    produce: () => Promise<PdfFile>,
    options: { inline?: boolean } = {},
  ): Promise<void> {
    let file: PdfFile;
    try {
      file = await produce();
    } catch (error) {
      if (!(error instanceof DomainError)) await this.recordFailure(actor, subject, 'before_first_byte', error);
      throw error;
    }
    const { content } = file;
    if (Buffer.isBuffer(content)) {
      if (!isWholePdf(content)) {
        const error = new Error(`the ${subject.document} PDF drawn is incomplete (${content.length} bytes)`);
        await this.recordFailure(actor, subject, 'before_first_byte', error);
        throw error;
      }
    } else {
      if (content.errored || content.destroyed) {
        const error = content.errored ?? new Error(`the ${subject.document} PDF stream closed before it was sent`);
        await this.recordFailure(actor, subject, 'before_first_byte', error);
        throw error;
      }
      content.once('error', (error: Error) => {
        // Fastify destroys the response too once headers are out; this makes it so whatever the timing.
        reply.raw.destroy();
        void this.recordFailure(actor, subject, 'mid_stream', error);
      });
    }
    await reply
      .header('content-type', PDF_MEDIA_TYPE)
      .header('content-disposition', `${options.inline ? 'inline' : 'attachment'}; filename="${file.filename.replace(/[^\w.\- ]+/g, '_')}"`)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(content);
  }

  /** Logs and audits a failure (its own transaction: nothing else is being written). Never throws. */
  async recordFailure(actor: Actor, subject: PdfSubject, stage: PdfFailureStage, error: unknown): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.error({ err: error, ...subject, stage }, `${subject.document} PDF failed ${stage.replace(/_/g, ' ')}`);
    try {
      await this.dataSource.transaction((manager) =>
        this.audit.record(manager, actor, {
          action: 'pdf.failed',
          objectType: subject.objectType,
          objectId: subject.objectId,
          changes: { document: subject.document, stage, reason: reason.slice(0, 500) },
        }),
      );
    } catch (auditError) {
      this.logger.error({ err: auditError, ...subject }, 'the PDF failure could not be audited');
    }
  }
}

/** A PDF starts with its header and ends with %%EOF (a trailing newline or two may follow). */
function isWholePdf(content: Buffer): boolean {
  return content.subarray(0, 5).toString('latin1') === '%PDF-' && content.subarray(-32).toString('latin1').includes('%%EOF');
}
