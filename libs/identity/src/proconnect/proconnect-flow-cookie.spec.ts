import { ProConnectFlowSealer } from './proconnect-flow-cookie';

describe('ProConnect flow cookie', () => {
  const now = new Date('2026-12-07T10:00:00Z');
  const flow = { state: 'state', nonce: 'nonce', codeVerifier: 'verifier', expiresAt: now.getTime() + 600_000 };
  const sealer = new ProConnectFlowSealer('a-client-secret-for-the-tests');

  it('opens what it sealed, until it expires', () => {
    const cookie = sealer.seal(flow);
    expect(sealer.open(cookie, now)).toEqual(flow);
    expect(sealer.open(cookie, new Date(flow.expiresAt))).toBeNull();
  });

  it('refuses a cookie altered, sealed with another secret, malformed or missing', () => {
    const cookie = sealer.seal(flow);
    const [, signature] = cookie.split('.');
    const otherState = Buffer.from(JSON.stringify({ ...flow, state: 'attacker' })).toString('base64url');
    expect(sealer.open(`${otherState}.${signature}`, now)).toBeNull();
    expect(new ProConnectFlowSealer('another-client-secret-here').open(cookie, now)).toBeNull();
    const unsigned = Buffer.from('not json').toString('base64url');
    expect(sealer.open(`${unsigned}.${signature}`, now)).toBeNull();
    expect(sealer.open(`${cookie}.extra`, now)).toBeNull();
    expect(sealer.open('', now)).toBeNull();
    expect(sealer.open(undefined, now)).toBeNull();
  });
});
