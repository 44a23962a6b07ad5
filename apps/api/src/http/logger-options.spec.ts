import { Writable } from 'node:stream';
import pino from 'pino';
import { REDACTED_PATHS } from './logger-options';

describe('log redaction', () => {
  it('never writes credentials: authorization, cookies, passwords, tokens', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
    logger.info({
      req: { headers: { authorization: 'Bearer pn_secret-token', cookie: 'pn_session=secret-cookie' } },
      res: { headers: { 'set-cookie': 'pn_session=secret-cookie; HttpOnly' } },
      body: { email: 'a@b.example', password: 'secret-password' },
      created: { token: 'pn_secret-token' },
    });
    const output = lines.join('');
    expect(output).not.toMatch(/secret/);
    expect(output).toContain('a@b.example');
    expect(output.match(/\[redacted\]/g)).toHaveLength(5);
  });
});
