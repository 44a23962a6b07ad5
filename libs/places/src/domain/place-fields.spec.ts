import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import {
  BEGINS_LIKE_FORMULA,
  beginsLikeFormula,
  NATIONAL_SCHEMA_COLUMNS,
  type NationalSchemaRow,
  SERVICES,
  weeklyHoursOf,
  weeklyHoursText,
} from '@app/domain';
import { weeks } from '../../../../test/helpers/weekly-hours';
import { dataInclusionNameProblem } from './data-inclusion';
import { FREE_TEXT_FIELDS, normaliseOpeningHours, openingHoursProblem, placeFieldsFromRow, placeToRow } from './place-fields';

const [EXAMPLE]: NationalSchemaRow[] = parse(readFileSync('test/fixtures/schemas/lieux-mediation-numerique.exemple-valide.csv'), {
  columns: true,
  bom: true,
});

describe('place fields in the national schema', () => {
  it('reads the official example row without a problem', () => {
    const { fields, problems } = placeFieldsFromRow(EXAMPLE);
    expect(problems).toEqual([]);
    expect(fields.services).toEqual([
      'Maîtrise des outils numériques du quotidien',
      'Insertion professionnelle via le numérique',
      'Loisirs et créations numériques',
    ]);
    expect(fields.latitude).toBe(43.52609);
  });

  it('names every wrong field of a row', () => {
    const { problems } = placeFieldsFromRow({
      ...EXAMPLE,
      pivot: '43493312300028',
      latitude: 'nord',
      code_insee: '20000',
      date_maj: '2024-02-30',
      horaires: 'tous les jours',
    });
    expect(problems.map((problem) => problem.field).sort()).toEqual(['code_insee', 'date_maj', 'horaires', 'latitude', 'pivot']);
  });

  it('refuses free text that begins like a spreadsheet formula, field by field, and accepts a phone number and a list dash', () => {
    for (const field of FREE_TEXT_FIELDS) {
      const hostile =
        field === 'courriels' ? 'contact@lieu.example|=HYPERLINK("https://x.example")@x.fr' : '=HYPERLINK("https://x.example")';
      const { problems } = placeFieldsFromRow({ ...EXAMPLE, [field]: hostile });
      expect([field, problems]).toEqual([
        field,
        expect.arrayContaining([{ field, problems: expect.arrayContaining([BEGINS_LIKE_FORMULA]) }]),
      ]);
    }
    const { problems } = placeFieldsFromRow({ ...EXAMPLE, telephone: '+33556000000', presentation_detail: '- ateliers\n- permanences' });
    expect(problems).toEqual([]);
  });

  it('stores opening hours in canonical OpenStreetMap form', () => {
    expect(normaliseOpeningHours('lundi 9h-12h')).toBe('Mo 09:00-12:00');
    expect(normaliseOpeningHours('Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00')).toBe('Mo-Fr 09:00-12:00,14:00-18:30; Sa 08:30-12:00');
    expect(normaliseOpeningHours('  ')).toBeNull();
  });

  it('writes back the same row it read, columns in the schema order (property)', () => {
    fc.assert(
      fc.property(
        fc.subarray([...SERVICES], { minLength: 1 }),
        fc
          .string({ maxLength: 50 })
          .filter(
            (name) => !name.includes('|') && name.trim() === name && !beginsLikeFormula(name) && dataInclusionNameProblem(name) === null,
          ),
        (services, nom) => {
          const row = { ...EXAMPLE, services: services.join('|'), nom };
          const { fields, problems } = placeFieldsFromRow(row);
          expect(problems).toEqual([]);
          const written = placeToRow({ ...fields, id: row.id, date_maj: row.date_maj });
          expect(Object.keys(written)).toEqual([...NATIONAL_SCHEMA_COLUMNS]);
          expect(written.services).toBe(row.services);
          expect(written.nom).toBe(nom);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('opening hours written by the weekly form', () => {
  it('are valid OpenStreetMap text, stored as the form wrote them and read back as the same week', () => {
    fc.assert(
      fc.property(weeks, (week) => {
        const text = weeklyHoursText(week);
        if (text === '') return;
        expect(openingHoursProblem(text)).toBeNull();
        const stored = normaliseOpeningHours(text);
        expect(stored === null ? null : weeklyHoursOf(stored)).toEqual(week);
      }),
      { numRuns: 200 },
    );
  });
});
