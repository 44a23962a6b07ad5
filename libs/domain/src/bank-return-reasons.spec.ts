import { BANK_RETURN_REASONS, bankReturnReason, bankReturnReasonText } from './bank-return-reasons';

describe('bank return reasons', () => {
  it('words the common SEPA reject and return codes in French, once each, with what to do', () => {
    const codes = BANK_RETURN_REASONS.map((reason) => reason.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of [
      'AC01',
      'AC04',
      'AC06',
      'AG01',
      'AM04',
      'AM05',
      'BE04',
      'MD07',
      'MS02',
      'MS03',
      'RC01',
      'RR01',
      'RR02',
      'RR03',
      'RR04',
    ]) {
      const reason = bankReturnReason(code);
      expect(reason.code).toBe(code);
      expect(reason.label).not.toMatch(/^Motif de la banque/);
      expect(reason.action.length).toBeGreaterThan(10);
    }
  });

  it("sends the place's details back to verification when the account is in question, not when the operator's side failed", () => {
    expect(bankReturnReason('AC04').detailsToVerify).toBe(true);
    expect(bankReturnReason('AC01').detailsToVerify).toBe(true);
    expect(bankReturnReason('MD07').detailsToVerify).toBe(true);
    expect(bankReturnReason('AM04').detailsToVerify).toBe(false);
    expect(bankReturnReason('AM05').detailsToVerify).toBe(false);
  });

  it('reads codes whatever their case and spacing, and still shows an unknown code, checking the details to be safe', () => {
    expect(bankReturnReason(' ac04 ').label).toBe('Compte clôturé');
    expect(bankReturnReason('ZZ99')).toMatchObject({ code: 'ZZ99', label: 'Motif de la banque : ZZ99', detailsToVerify: true });
    expect(bankReturnReason(null)).toMatchObject({ code: 'NARR', detailsToVerify: true });
  });

  it('keeps the code, the label and the action in the sentence stored on the line', () => {
    expect(bankReturnReasonText('AC04')).toBe(
      'AC04 — Compte clôturé. La structure doit vérifier son RIB et le transmettre à nouveau ; le montant sera repris dans le prochain lot une fois le RIB vérifié.',
    );
  });
});
