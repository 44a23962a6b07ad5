/**
 * The web app's national vocabularies must say exactly what the API says (they are re-exported from
 * libs/domain). The web sources are ES modules: the file is transpiled here to be read.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import * as domain from '@app/domain';

function webVocabularies(): Record<string, string[]> {
  const source = readFileSync(join(__dirname, '../../apps/web/src/national-schema.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS } });
  const exports: Record<string, string[]> = {};
  // Its imports resolve from the web sources' folder, as the bundler does.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const requireFromWeb = (path: string): unknown => require(join(__dirname, '../../apps/web/src', path));
  new Function('exports', 'require', outputText)(exports, requireFromWeb);
  return exports;
}

describe("the web app's national vocabularies", () => {
  const web = webVocabularies();

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
