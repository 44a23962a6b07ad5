/** Problems the API names in English that the web app must say in French (not its catch-all "Vérifiez ce champ."). */
import { BEGINS_LIKE_FORMULA, CSV_FORMAT_PROBLEM } from '@app/domain';
import { webModule } from '../helpers/web-module';

const { problemLabel } = webModule<{ problemLabel: (problem: string) => string }>('labels.ts');

describe("the web app's wording of field problems", () => {
  it('says why text that begins like a spreadsheet formula is refused', () => {
    expect(problemLabel(BEGINS_LIKE_FORMULA)).toMatch(/^Ce texte ne peut pas commencer par =, \+, @.*formule/);
  });

  it('words an unknown CSV format as a choice in a list', () => {
    expect(problemLabel(CSV_FORMAT_PROBLEM)).toBe('Choisissez une valeur dans la liste.');
  });
});
