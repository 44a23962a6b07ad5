import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { generateChequeCode } from './cheque-code';
import { chequeQrUrl, parseChequeQrUrl, publicKeyFromRaw, rawPublicKey, signCheque, verifyChequeSignature } from './cheque-signature';

describe('cheque signatures', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const other = generateKeyPairSync('ed25519');

  it('verify with the published raw public key, and only for the same code and programme', () => {
    const published = publicKeyFromRaw(rawPublicKey(publicKey));
    fc.assert(
      fc.property(fc.uuid(), fc.uint8Array({ minLength: 10, maxLength: 10 }), (programmeId, bytes) => {
        const code = generateChequeCode(Buffer.from(bytes));
        const signature = signCheque(privateKey, { code, programmeId });
        expect(verifyChequeSignature(published, { code, programmeId }, signature)).toBe(true);
        expect(verifyChequeSignature(published, { code: generateChequeCode(), programmeId }, signature)).toBe(false);
        expect(verifyChequeSignature(published, { code, programmeId: '00000000-0000-4000-8000-000000000000' }, signature)).toBe(false);
        expect(verifyChequeSignature(other.publicKey, { code, programmeId }, signature)).toBe(false);
      }),
      { numRuns: 50 },
    );
  });

  it('refuse malformed signatures', () => {
    expect(verifyChequeSignature(publicKey, { code: 'X', programmeId: 'p' }, 'not-a-signature')).toBe(false);
  });

  it('round-trip through the QR URL', () => {
    const code = generateChequeCode();
    const content = {
      code,
      programmeId: '3f0c9a52-8c8e-4b7e-9a53-0f3f5e9b1a7f',
      keyId: 'op-2026',
      signature: signCheque(privateKey, { code, programmeId: 'x' }),
    };
    const url = chequeQrUrl('https://pass.example.org', content);
    expect(url.startsWith(`https://pass.example.org/c/${code.replace('*', '*')}`)).toBe(true);
    expect(parseChequeQrUrl(url)).toEqual(content);
    expect(parseChequeQrUrl('ABCD-EFGH-JKMN-PQRS-T')).toBeNull();
    expect(parseChequeQrUrl('https://elsewhere.example/c/ABC')).toBeNull();
  });
});
