/**
 * The web app's national vocabularies must say exactly what the API says (they are re-exported from
 * libs/domain).
 */
import * as domain from '@app/domain';
import { webModule } from '../helpers/web-module';

describe("the web app's national vocabularies", () => {
  const web = webModule<Record<string, string[]>>('national-schema.ts');

  it('has every vocabulary the place form offers', () => {
    expect(Object.keys(web).sort()).toEqual(
      [
        'DISPOSITIFS_PROGRAMMES_NATIONAUX',
        'FORMATIONS_LABELS',
        'FRAIS_A_CHARGE',
        'ITINERANCES',
        'MODALITES_ACCES',
        'MODALITES_ACCOMPAGNEMENT',
        'PRISES_EN_CHARGE_SPECIFIQUES',
        'PUBLICS_SPECIFIQUEMENT_ADRESSES',
        'SERVICES',
      ].sort(),
    );
  });

  it.each(Object.keys(web))('%s is the API’s, in the same order', (name) => {
    expect(web[name]).toEqual([...(domain as unknown as Record<string, readonly string[]>)[name]]);
  });
});
