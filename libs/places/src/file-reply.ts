/** Sends a stored file or an export with the right headers (never cached when private). */
import type { FastifyReply } from 'fastify';

export async function sendFile(
  reply: FastifyReply,
  file: { fileName: string; contentType: string; content: Buffer | string },
  options: { inline?: boolean; cache?: 'no-store' | 'public' } = {},
): Promise<void> {
  const safeName = file.fileName.replace(/[^\w.\- ]+/g, '_');
  await reply
    .header('content-type', file.contentType)
    .header('content-disposition', `${options.inline ? 'inline' : 'attachment'}; filename="${safeName}"`)
    .header('cache-control', options.cache === 'public' ? 'public, max-age=300' : 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(file.content);
}
