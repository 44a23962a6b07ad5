/** The reasons of the cheque API's 409 answers are a contract: documented, and worded by the web app, all of them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VOUCHER_CONFLICTS } from '@app/vouchers';

const ROOT = join(__dirname, '../..');

describe('refusal codes of programmes, printing and distribution', () => {
  it('are snake_case and listed once in the table of docs/cheques.md', () => {
    const readme = readFileSync(join(ROOT, 'docs/cheques.md'), 'utf8');
    const documented = [...readme.matchAll(/^ *\| `([a-z_]+)` \| `(?:conflict|invalid_transition)` \|/gm)].map((match) => match[1]);
    expect([...documented].sort()).toEqual([...VOUCHER_CONFLICTS].sort());
    for (const code of VOUCHER_CONFLICTS) expect(code).toMatch(/^[a-z]+(_[a-z]+)+$/);
  });

  it('each have their French wording in the web app', () => {
    // Read as text: the web app is an ES module bundle of its own, not importable here.
    const source = readFileSync(join(ROOT, 'apps/web/src/refusals.ts'), 'utf8');
    const labels = /REFUSAL_LABELS = \{([\s\S]*?)\n\} as const;/.exec(source)?.[1] ?? '';
    const worded = [...labels.matchAll(/^ {2}([a-z_]+):/gm)].map((match) => match[1]);
    expect(worded.sort()).toEqual([...VOUCHER_CONFLICTS].sort());
  });
});
