import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { decodeWorker } from './decode-worker';
import { PdfReplies } from './pdf-replies.service';

/** Files in and out: what uploads must be (checked whole), how PDFs are answered (one rule). */
@Module({
  imports: [AuditModule],
  providers: [PdfReplies],
  exports: [PdfReplies],
})
export class DocumentsModule implements OnApplicationShutdown {
  /** The decode worker's thread (and its output streams) would otherwise outlive the app. */
  async onApplicationShutdown(): Promise<void> {
    await decodeWorker.close();
  }
}
