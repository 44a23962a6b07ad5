import anyAscii from 'any-ascii';
import fc from 'fast-check';
import { SEPA_CHARACTER_SET, sepaIdentifier, sepaName, sepaNameProblem, sepaText } from './sepa-text';

/** Letters and digits of any script, not modifier letters (ʻ ˆ ː: marks of another letter, not letters of the name). */
const NAME_LETTER = /^[\p{L}\p{N}]$/u;
const MODIFIER_LETTER = /^\p{Lm}$/u;

/** Any code point (all planes, controls, unassigned), letters of many scripts, combining marks, bidi controls, emoji sequences. */
const unicodeText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc
    .array(
      fc.oneof(
        fc.integer({ min: 0x0300, max: 0x036f }).map((code) => String.fromCodePoint(code)), // combining marks
        fc.integer({ min: 0x0590, max: 0x06ff }).map((code) => String.fromCodePoint(code)), // Hebrew, Arabic
        fc.constantFrom('\u200f', '\u202e', '\u202c', '\u2066', '\u200d', '\ufe0f', '\u00a0', '\u2028', '\t', '\r\n'),
        fc.constantFrom('👨‍👩‍👧', '🇫🇷', '👍🏽', '#️⃣', '𒀀', '𝔘𝔫𝔦', 'Ⅻ', 'ß', 'ǅ', 'ﷺ', '&', '<', ']]>', '"', '_', '`'),
      ),
      { maxLength: 60 },
    )
    .map((parts) => parts.join('')),
);

describe('SEPA text (EPC basic Latin set)', () => {
  it('transliterates every script instead of dropping its letters', () => {
    expect(sepaName('Øre')).toBe('Ore');
    expect(sepaName('Центр социальный 中心')).toBe("Tsentr sotsial'nyy ZhongXin");
    expect(sepaName('Ελληνική Κοινότητα')).toBe('Elliniki Koinotita');
    expect(sepaText('Médiathèque Œuvre & Cie — « Flora » Tristan', 70)).toBe('Mediatheque Oeuvre + Cie - Flora Tristan');
    expect(sepaText('Association l’Étincelle_numérique', 70)).toBe("Association l'Etincelle-numerique");
    // A decomposed accent is composed first, then dropped with the accent of a composed one.
    expect(sepaName('Me\u0301diathe\u0300que')).toBe('Mediatheque');
    // A letter any-ascii cannot spell keeps its place as "?"; emoji, controls and bidi marks are not letters.
    expect(sepaName('Tablette 𒀀 Ur')).toBe('Tablette ? Ur');
    expect(sepaName('\u{20002}\u4e2d')).toBe('?Zhong'); // an ideograph without a known reading, then 中
    expect(sepaName('\u1100\u1161\u110b\u1175')).toBe('GaI'); // Hangul jamo, composed first to 가이
    expect(sepaName('مركز الخدمات')).toBe('mrkz lkhdmt'); // alif is silent in the romanisation, not unknown
    expect(sepaName('Café 🎉 \u202eNord\u202c\u0007')).toBe('Cafe Nord');
  });

  it('cuts after transliteration, to the XSD lengths', () => {
    expect(sepaText('x'.repeat(100), 70)).toHaveLength(70);
    expect(sepaName('中'.repeat(30))).toHaveLength(70);
    expect(sepaName(`${'a'.repeat(69)} b`)).toBe('a'.repeat(69));
    expect(sepaIdentifier('//a b//c/')).toBe('a-b/c');
  });

  it('refuses a holder name with fewer than two letters or digits once written for the bank', () => {
    expect(sepaNameProblem('Øre')).toBeNull();
    expect(sepaNameProblem('中心')).toBeNull();
    expect(sepaNameProblem('Центр социальный 中心')).toBeNull();
    for (const unwritable of ['', 'A', '🎉🎉', '--', "' '", '𒀀𒀀', '\u0301\u0301', '\u202e\u202c', 'Z\u200d']) {
      expect(sepaNameProblem(unwritable)).toBe(
        'must contain at least 2 letters or digits once written in the Latin letters of SEPA transfers',
      );
    }
  });

  it('never writes a character outside the set, nor beyond the limit, nor two spaces or an edge space (property)', () => {
    fc.assert(
      fc.property(unicodeText, fc.integer({ min: 1, max: 140 }), (text, max) => {
        const cleaned = sepaText(text, max);
        expect(cleaned).toMatch(SEPA_CHARACTER_SET);
        expect(cleaned.length).toBeLessThanOrEqual(max);
        expect(cleaned).toBe(cleaned.trim());
        expect(cleaned).not.toContain('  ');
        expect(sepaText(cleaned, max)).toBe(cleaned);
      }),
      { numRuns: 2_000 },
    );
  });

  it('drops no letter that any-ascii spells, and marks an unknown one (property)', () => {
    const letters = fc
      .array(
        fc.integer({ min: 0, max: 0x10ffff }).map((code) => String.fromCodePoint(code)),
        { maxLength: 30 },
      )
      // Letters that are also pictographs (ℹ, Ⓜ) are written as spaces on purpose, like every emoji.
      .map((characters) =>
        characters.filter((character) => NAME_LETTER.test(character) && !/\p{Extended_Pictographic}/u.test(character)).join(''),
      );
    fc.assert(
      fc.property(letters, (text) => {
        const composed = Array.from(text.normalize('NFC'));
        const spelt = composed.filter((character) => !MODIFIER_LETTER.test(character) && anyAscii(character) !== '').length;
        const unknownIdeographs = composed.filter((character) => /\p{Ideographic}/u.test(character) && anyAscii(character) === '').length;
        expect(sepaText(text, 10_000).replace(/ /g, '').length).toBeGreaterThanOrEqual(spelt + unknownIdeographs);
      }),
      { numRuns: 2_000 },
    );
  });

  it('accepts a name at entry exactly when the bank would read two letters or digits in it (property)', () => {
    fc.assert(
      fc.property(unicodeText, (name) => {
        expect(sepaNameProblem(name) === null).toBe(/[A-Za-z0-9].*[A-Za-z0-9]/.test(sepaName(name)));
      }),
    );
  });
});
