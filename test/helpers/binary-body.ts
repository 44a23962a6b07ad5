/** supertest: keep a binary response (a PDF) as one Buffer: `.buffer(true).parse(binaryBody)`. */
import type { Response } from 'superagent';

export function binaryBody(response: Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  const stream = response as unknown as NodeJS.ReadableStream; // at parse time, the raw HTTP response
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}
