import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { PdfReplies } from './pdf-replies.service';

/** Files in and out: what uploads must be (checked whole), how PDFs are answered (one rule). */
@Module({
  imports: [AuditModule],
  providers: [PdfReplies],
  exports: [PdfReplies],
})
export class DocumentsModule {}
