import fc from 'fast-check';
import { beginsLikeFormula, readsAsFormula, spreadsheetSafeText } from './spreadsheet-formula';

describe('spreadsheet formulas', () => {
  it('reads as a formula what begins with = + - @, a tab or a carriage return', () => {
    for (const text of [
      '=HYPERLINK("https://x.example","Cliquez")',
      '@SUM(A1:A9)',
      "+33 cmd|' /C calc'!A0",
      '-2+3',
      '\t=1',
      '\r=1',
      '- atelier',
    ]) {
      expect([text, readsAsFormula(text)]).toEqual([text, true]);
    }
  });

  it('leaves numbers, ordinary text and the empty cell alone', () => {
    for (const text of ['-12.5', '+33180059880', '-0,5', '12', '', 'Médiathèque', ' =1+1', "'=1", '< 5', '2026-11-23', '– atelier']) {
      expect([text, readsAsFormula(text)]).toEqual([text, false]);
    }
  });

  it('neutralises a would-be formula with a leading apostrophe, and nothing else', () => {
    expect(spreadsheetSafeText('=1+1')).toBe("'=1+1");
    expect(spreadsheetSafeText('+33 1 23 45 67 89')).toBe("'+33 1 23 45 67 89");
    expect(spreadsheetSafeText('+33180059880')).toBe('+33180059880');
    expect(spreadsheetSafeText('Atelier = 2 h')).toBe('Atelier = 2 h');
  });

  it('refuses at entry = + @ tab CR and a glued dash, not a French list dash nor a number', () => {
    for (const text of ['=1+1', '+ de 50 ateliers', '@mairie', '\tx', '\rx', '-cmd|x', '-1+1', '--x']) {
      expect([text, beginsLikeFormula(text)]).toEqual([text, true]);
    }
    for (const text of ['- atelier', '-', '-12', '+33556000000', 'Atelier', '', '1 = 1']) {
      expect([text, beginsLikeFormula(text)]).toEqual([text, false]);
    }
  });

  it('whatever is refused at entry reads as a formula (the export neutralises all the entry refuses)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        if (beginsLikeFormula(text)) expect(readsAsFormula(text)).toBe(true);
        expect(readsAsFormula(spreadsheetSafeText(text))).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
