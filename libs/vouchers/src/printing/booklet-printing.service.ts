/**
 * Streams a programme's booklets as one PDF, a few booklets at a time from the database, waiting
 * for the client to read when the output buffer fills: memory stays flat whatever the order size.
 */
import { once } from 'node:events';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { checkImage, LOGO_LIMITS, type PdfFile, PdfReplies } from '@app/documents';
import { type AuthenticatedActor, chequeQrUrl, DomainError, sniffDocumentType } from '@app/domain';
import { ChequeKeysService } from '../cheque-keys.service';
import { ProgrammesService } from '../programmes.service';
import { voucherRefusal } from '../voucher-conflicts';
import { drawBooklet, newBookletDocument, type PrintableBooklet, type PrintableProgramme } from './booklet-pdf';

const BOOKLETS_PER_QUERY = 50;
/** Pause drawing while this much PDF waits to be read. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export interface BookletRange {
  from?: number;
  to?: number;
}

@Injectable()
export class BookletPrintingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly programmes: ProgrammesService,
    private readonly keys: ChequeKeysService,
    private readonly audit: AuditService,
    private readonly config: ConfigService,
    private readonly pdfs: PdfReplies,
  ) {}

  /**
   * Checks access, range and logo, audits the print, draws the first booklet, then answers the
   * PDF stream (the rest drawn while it is read). Whatever fails up to the first booklet fails
   * before the first byte is sent: the client gets an error, not a broken file.
   */
  async print(actor: AuthenticatedActor, programmeId: string, range: BookletRange): Promise<PdfFile> {
    const programme = await this.programmes.get(actor, programmeId);
    if (programme.status === 'draft')
      throw voucherRefusal('invalid_transition', 'booklets_not_issued', 'Order the programme first: a draft has no cheques to print');
    const from = range.from ?? 1;
    const to = Math.min(range.to ?? programme.bookletCount, programme.bookletCount);
    if (from > to) throw DomainError.validation([{ field: 'from', problems: [`must be between 1 and ${to}`] }]);

    // A logo stored before uploads were checked whole may not print: say so before any byte, and how to fix it.
    const logo = (await this.programmes.logo(programme.id))?.image ?? null;
    if (logo) {
      const type = sniffDocumentType(logo);
      const check =
        type === 'image/png' || type === 'image/jpeg'
          ? await checkImage(logo, type, LOGO_LIMITS)
          : { ok: false as const, problem: 'must be a PNG or JPEG image' };
      if (!check.ok) {
        await this.pdfs.recordFailure(
          actor,
          { document: 'booklets', objectType: 'programme', objectId: programme.id },
          'before_first_byte',
          new Error(`the stored logo cannot be printed: it ${check.problem}`),
        );
        throw voucherRefusal(
          'conflict',
          'programme_logo_unprintable',
          'The logo stored for this programme cannot be printed; the operator can replace or remove it',
          { fields: [{ field: 'logo', problems: [check.problem] }] },
        );
      }
    }

    await this.refuseCodesNotHeld(programme.id, from, to);

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
      logo,
    };
    const document = newBookletDocument(printable);
    const booklets = this.booklets(programme.id, from, to, publicUrl);
    try {
      const first = await booklets.next();
      if (!first.done) drawBooklet(document, printable, first.value);
    } catch (error) {
      document.destroy();
      throw error;
    }
    // A failure from here on destroys the stream: PdfReplies aborts the connection, logs and audits it.
    this.drawRest(document, printable, booklets).catch((error: unknown) => {
      document.destroy(error instanceof Error ? error : new Error(String(error)));
    });
    return { content: document, filename: `carnets-${programme.code}-${from}-${to}.pdf` };
  }

  /** Cheques taken over from a previous operator have no stored code (docs/successor.md): their booklets cannot be printed again. */
  private async refuseCodesNotHeld(programmeId: string, from: number, to: number): Promise<void> {
    const [first]: Array<{ serial: string }> = await this.dataSource.query(
      `SELECT b.serial FROM booklets b JOIN cheques c ON c.booklet_id = b.id
        WHERE b.programme_id = $1 AND b.number BETWEEN $2 AND $3 AND c.code_ciphertext IS NULL
        ORDER BY b.number LIMIT 1`,
      [programmeId, from, to],
    );
    if (first) {
      throw voucherRefusal(
        'conflict',
        'booklet_codes_not_held',
        `Booklet ${first.serial} was issued by the previous operator: its codes exist only on paper, so it cannot be printed again. Cancel it and hand out a new booklet instead`,
        { serial: first.serial },
      );
    }
  }

  private async drawRest(
    document: PDFKit.PDFDocument,
    programme: PrintableProgramme,
    booklets: AsyncGenerator<PrintableBooklet>,
  ): Promise<void> {
    for await (const booklet of booklets) {
      if (document.destroyed) return;
      drawBooklet(document, programme, booklet);
      while (document.readableLength > MAX_BUFFERED_BYTES) await once(document, 'data');
    }
    document.end();
  }

  /** The booklets of the range in order, read from the database BOOKLETS_PER_QUERY at a time. */
  private async *booklets(programmeId: string, from: number, to: number, publicUrl: string): AsyncGenerator<PrintableBooklet> {
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
        yield { serial, cheques };
      }
    }
  }
}
