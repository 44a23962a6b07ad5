/**
 * Streams a programme's booklets as one PDF, a few booklets at a time from the database, waiting
 * for the client to read when the output buffer fills: memory stays flat whatever the order size.
 */
import { once } from 'node:events';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { type AuthenticatedActor, chequeQrUrl, DomainError } from '@app/domain';
import { ChequeKeysService } from '../cheque-keys.service';
import { ProgrammesService } from '../programmes.service';
import { voucherRefusal } from '../voucher-conflicts';
import { drawBooklet, newBookletDocument, type PrintableProgramme } from './booklet-pdf';

const BOOKLETS_PER_QUERY = 50;
/** Pause drawing while this much PDF waits to be read. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export interface BookletRange {
  from?: number;
  to?: number;
}

@Injectable()
export class BookletPrintingService {
  private readonly logger = new Logger('Printing');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly programmes: ProgrammesService,
    private readonly keys: ChequeKeysService,
    private readonly audit: AuditService,
    private readonly config: ConfigService,
  ) {}

  /** Checks access and range, audits the print, then answers the PDF stream (drawn while it is read). */
  async print(
    actor: AuthenticatedActor,
    programmeId: string,
    range: BookletRange,
  ): Promise<{ stream: PDFKit.PDFDocument; filename: string }> {
    const programme = await this.programmes.get(actor, programmeId);
    if (programme.status === 'draft')
      throw voucherRefusal('invalid_transition', 'booklets_not_issued', 'Order the programme first: a draft has no cheques to print');
    const from = range.from ?? 1;
    const to = Math.min(range.to ?? programme.bookletCount, programme.bookletCount);
    if (from > to) throw DomainError.validation([{ field: 'from', problems: [`must be between 1 and ${to}`] }]);

    await this.dataSource.transaction((manager) =>
      this.audit.record(manager, actor, {
        action: 'booklets.printed',
        objectType: 'programme',
        objectId: programme.id,
        changes: { from, to },
      }),
    );
    const publicUrl = this.config.getOrThrow<string>('PUBLIC_URL');
    const printable: PrintableProgramme = {
      name: programme.name,
      faceValueCents: programme.faceValueCents,
      chequesPerBooklet: programme.chequesPerBooklet,
      validFrom: programme.validFrom,
      validUntil: programme.validUntil,
      coverTitle: programme.coverTitle,
      coverText: programme.coverText,
      mapUrl: new URL('/carte', publicUrl).toString(),
      logo: (await this.programmes.logo(programme.id))?.image ?? null,
    };
    const document = newBookletDocument(printable);
    this.draw(document, printable, programme.id, from, to, publicUrl).catch((error: unknown) => {
      this.logger.error({ err: error, programmeId }, 'booklet printing failed mid-stream');
      document.destroy(error instanceof Error ? error : new Error(String(error)));
    });
    return { stream: document, filename: `carnets-${programme.code}-${from}-${to}.pdf` };
  }

  private async draw(
    document: PDFKit.PDFDocument,
    programme: PrintableProgramme,
    programmeId: string,
    from: number,
    to: number,
    publicUrl: string,
  ): Promise<void> {
    for (let start = from; start <= to; start += BOOKLETS_PER_QUERY) {
      const end = Math.min(to, start + BOOKLETS_PER_QUERY - 1);
      const rows: Array<{
        serial: string;
        number: number;
        position: number;
        code_ciphertext: Buffer;
        signature: Buffer;
        signing_key_id: string;
      }> = await this.dataSource.query(
        `SELECT b.serial, b.number, c.position, c.code_ciphertext, c.signature, c.signing_key_id
           FROM booklets b JOIN cheques c ON c.booklet_id = b.id
          WHERE b.programme_id = $1 AND b.number BETWEEN $2 AND $3
          ORDER BY b.number, c.position`,
        [programmeId, start, end],
      );
      for (let index = 0; index < rows.length;) {
        const serial = rows[index].serial;
        const cheques = [];
        for (; index < rows.length && rows[index].serial === serial; index++) {
          const row = rows[index];
          const code = this.keys.decryptCode(row.code_ciphertext, programmeId);
          const qrUrl = chequeQrUrl(publicUrl, {
            code,
            programmeId,
            keyId: row.signing_key_id,
            signature: row.signature.toString('base64url'),
          });
          cheques.push({ position: row.position, code, qrUrl });
        }
        drawBooklet(document, programme, { serial, cheques });
        if (document.destroyed) return;
        while (document.readableLength > MAX_BUFFERED_BYTES) await once(document, 'data');
      }
    }
    document.end();
  }
}
