import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { isPublicAddress, sendWebhookRequest, signedHeaders } from './webhook-request';
import { newWebhookSecret, WebhookSecretBox } from './webhook-secrets';

describe('webhook requests', () => {
  it('tells public addresses from the operator’s own network, IPv4-mapped IPv6 included', () => {
    for (const address of ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c']) expect(isPublicAddress(address)).toBe(true);
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fc00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '0.0.0.0',
      'not an address',
    ]) {
      expect(isPublicAddress(address)).toBe(false);
    }
  });

  it('signs as Standard Webhooks’ own library verifies', () => {
    const secret = newWebhookSecret();
    const body = JSON.stringify({ type: 'payment.sent', timestamp: new Date().toISOString(), data: { amountCents: 2000 } });
    const headers = signedHeaders({
      url: 'https://example.org',
      secret,
      messageId: 'msg_0123456789abcdef0123456789abcdef',
      sentAt: new Date(),
      body,
    });
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });

  it('refuses a name that resolves to a private address at connection time, unless private networks are allowed', async () => {
    const server = createServer((_request, response) => response.writeHead(204).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const request = {
      url: `http://localhost:${port}/hook`,
      secret: newWebhookSecret(),
      messageId: 'msg_1',
      sentAt: new Date(),
      body: '{}',
    };
    try {
      const refused = await sendWebhookRequest(request, { timeoutMs: 2000, allowPrivateNetworks: false });
      expect(refused).toMatchObject({ statusCode: null, error: expect.stringContaining('not a public address') });
      const literal = await sendWebhookRequest(
        { ...request, url: `http://127.0.0.1:${port}/hook` },
        { timeoutMs: 2000, allowPrivateNetworks: false },
      );
      expect(literal).toMatchObject({ statusCode: null, error: '127.0.0.1 is not a public address' });
      const allowed = await sendWebhookRequest(request, { timeoutMs: 2000, allowPrivateNetworks: true });
      expect(allowed).toMatchObject({ statusCode: 204, error: null });
    } finally {
      server.close();
    }
  });

  it('keeps secrets sealed to their endpoint', () => {
    const box = new WebhookSecretBox(Buffer.alloc(32, 7));
    const secret = newWebhookSecret();
    const sealed = box.seal(secret, 'endpoint-a');
    expect(sealed.toString('latin1')).not.toContain(secret.slice(6));
    expect(box.open(sealed, 'endpoint-a')).toBe(secret);
    expect(() => box.open(sealed, 'endpoint-b')).toThrow();
    expect(() => new WebhookSecretBox(Buffer.alloc(32, 8)).open(sealed, 'endpoint-a')).toThrow();
  });
});
