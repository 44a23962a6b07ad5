/**
 * Printed booklets, checked the way a person would: the PDF rendered to images by poppler's
 * pdftoppm, every QR on a page decoded by a real decoder (jsQR), each leading to the right cheque
 * with a signature that verifies with the published key.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Response } from 'superagent';
import type TestAgent from 'supertest/lib/agent';
import { hashChequeCode, parseChequeQrUrl, publicKeyFromRaw, verifyChequeSignature } from '@app/domain';
import { chequeCodes, createProgramme } from '../helpers/programmes';
import { DEMO, loginAs, startTestApp, TEST_PUBLIC_URL, type TestApp } from '../helpers/test-app';

const POPPLER = existsSync('/usr/bin/pdftoppm');
if (!POPPLER && process.env.CI) throw new Error('pdftoppm (Debian poppler-utils) is required on CI');
const describeWithPoppler = POPPLER ? describe : describe.skip;

/** Decodes the QR of each of the 8 cheque slots (2 columns × 4 rows) of a rendered page. */
function decodeChequeSlots(pngPath: string): string[] {
  const page = PNG.sync.read(readFileSync(pngPath));
  const slotWidth = Math.floor(page.width / 2);
  const slotHeight = Math.floor(page.height / 4);
  const found: string[] = [];
  for (let row = 0; row < 4; row++) {
    for (let column = 0; column < 2; column++) {
      const slot = new Uint8ClampedArray(slotWidth * slotHeight * 4);
      for (let y = 0; y < slotHeight; y++) {
        const from = ((row * slotHeight + y) * page.width + column * slotWidth) * 4;
        slot.set(page.data.subarray(from, from + slotWidth * 4), y * slotWidth * 4);
      }
      const qr = jsQR(slot, slotWidth, slotHeight);
      if (qr) found.push(qr.data);
    }
  }
  return found;
}

/** supertest: keep a binary response (the PDF) as one Buffer. */
function binaryBody(response: Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  const stream = response as unknown as NodeJS.ReadableStream; // at parse time, the raw HTTP response
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

describeWithPoppler('printable booklets', () => {
  let testApp: TestApp;
  let funder: TestAgent;
  let operator: TestAgent;

  beforeAll(async () => {
    testApp = await startTestApp();
    funder = await loginAs(testApp, DEMO.funderManager);
    operator = await loginAs(testApp, DEMO.operatorAdmin);
  });
  afterAll(() => testApp.close());

  it('renders a cover and the cheques of each booklet; every QR decodes to its cheque, signed', async () => {
    const programme = await createProgramme({ funder, operator, until: 'funded', input: { bookletCount: 10 } });
    const response = await funder
      .get(`/api/programmes/${programme.id}/booklets.pdf?from=2&to=3`)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="carnets-${programme.code}-2-3.pdf"`);

    const folder = mkdtempSync(join(tmpdir(), 'pn-pdf-'));
    const pdf = join(folder, 'booklets.pdf');
    writeFileSync(pdf, response.body as Buffer);
    const info = execFileSync('pdfinfo', [pdf]).toString();
    expect(info).toMatch(/Pages:\s+6/); // 2 booklets × (cover + 2 pages of cheques)
    const fonts = execFileSync('pdffonts', [pdf]).toString();
    expect(fonts).toMatch(/DejaVuSans/);
    expect(fonts).not.toMatch(/ no /); // every font embedded ("emb" column is "yes")
    const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
    expect(text).toContain('10,00');
    expect(text).toContain('€');
    expect(text).toContain('Ne peut être échangé contre de l’argent');
    expect(text).toContain(`${programme.code}-00002`);
    expect(text).toContain('Comment utiliser vos chèques ?');

    execFileSync('pdftoppm', ['-r', '200', '-png', pdf, join(folder, 'page')]);
    const pages = readdirSync(folder)
      .filter((name) => name.startsWith('page'))
      .sort();
    expect(pages).toHaveLength(6);
    const decoded = [...decodeChequeSlots(join(folder, pages[1])), ...decodeChequeSlots(join(folder, pages[2]))];
    expect(decoded).toHaveLength(10);

    const key = publicKeyFromRaw((await testApp.anonymous().get('/api/keys').expect(200)).body.keys[0].publicKey);
    const booklet2 = (await chequeCodes(testApp, programme.id)).filter((cheque) => cheque.bookletNumber === 2);
    decoded.forEach((url, index) => {
      expect(url.startsWith(`${TEST_PUBLIC_URL}/c/`)).toBe(true);
      const content = parseChequeQrUrl(url)!;
      expect(content.programmeId).toBe(programme.id);
      expect(content.code).toBe(booklet2[index].code);
      expect(Buffer.compare(hashChequeCode(content.code), hashChequeCode(booklet2[index].code))).toBe(0);
      expect(verifyChequeSignature(key, content, content.signature)).toBe(true);
    });

    // The picture a reader of the docs sees (regenerated by the test; committed in docs/).
    if (process.env.UPDATE_DOCS_IMAGES) copyFileSync(join(folder, pages[1]), resolve(__dirname, '../../docs/booklet-cheques-page.png'));
  });

  it('prints the funder’s logo on covers; only a real PNG or JPEG of 1 MB at most, before funding', async () => {
    const programme = await createProgramme({ funder, operator, until: 'ordered', input: { bookletCount: 2 } });
    const logo = new PNG({ width: 40, height: 20 });
    logo.data.fill(0x80);
    const png = PNG.sync.write(logo);
    const set = await funder.put(`/api/programmes/${programme.id}/logo`).set('Content-Type', 'image/png').send(png).expect(200);
    expect(set.body.coverLogoType).toBe('image/png');
    const stored = await testApp.dataSource.query('SELECT octet_length(cover_logo) AS bytes FROM programmes WHERE id = $1', [programme.id]);
    expect(stored[0].bytes).toBe(png.length);

    const text = await funder
      .put(`/api/programmes/${programme.id}/logo`)
      .set('Content-Type', 'text/plain')
      .send('not an image')
      .expect(415);
    expect(text.body).toMatchObject({
      code: 'unsupported_media_type',
      details: [{ field: 'logo', problems: ['must be a PNG or JPEG image'] }],
    });
    const lying = await funder.put(`/api/programmes/${programme.id}/logo`).set('Content-Type', 'image/jpeg').send(png).expect(400);
    expect(lying.body.details).toEqual([
      { field: 'logo', problems: ['must be a PNG or JPEG image (this is image/png, sent as image/jpeg)'] },
    ]);
    const huge = Buffer.concat([png, Buffer.alloc(1024 * 1024)]);
    const tooLarge = await funder.put(`/api/programmes/${programme.id}/logo`).set('Content-Type', 'image/png').send(huge).expect(413);
    expect(tooLarge.body).toMatchObject({ code: 'payload_too_large', details: [{ field: 'logo', problems: ['must be 1 MB at most'] }] });

    const response = await funder.get(`/api/programmes/${programme.id}/booklets.pdf`).buffer(true).parse(binaryBody).expect(200);
    const pdf = join(mkdtempSync(join(tmpdir(), 'pn-logo-')), 'logo.pdf');
    writeFileSync(pdf, response.body as Buffer);
    const images = execFileSync('pdfimages', ['-list', pdf]).toString().trim().split('\n').slice(2);
    // One logo (and its transparency mask) on each of the two covers, embedded once and shared.
    expect(images.map((line) => line.trim().split(/\s+/).slice(0, 3))).toEqual([
      ['1', '0', 'image'],
      ['1', '1', 'smask'],
      ['4', '2', 'image'],
      ['4', '3', 'smask'],
    ]);
    expect(new Set(images.map((line) => line.trim().split(/\s+/)[10])).size).toBe(1); // the same embedded object on both covers

    await operator
      .post(`/api/programmes/${programme.id}/funding`)
      .send({ amountCents: programme.order.totalDueCents, receivedOn: '2026-11-20', reference: 'V' })
      .expect(200);
    const locked = await funder.put(`/api/programmes/${programme.id}/logo`).set('Content-Type', 'image/png').send(png).expect(409);
    expect(locked.body).toEqual({
      code: 'invalid_transition',
      message: 'the cover can change until funding (this programme is funded)',
      details: { code: 'programme_cover_locked', status: 'funded' },
    });
  });

  it('refuses drafts, other roles and bad ranges', async () => {
    const draft = await createProgramme({ funder, operator, until: 'draft' });
    const refused = await funder.get(`/api/programmes/${draft.id}/booklets.pdf`).expect(409);
    expect(refused.body).toMatchObject({ code: 'invalid_transition', details: { code: 'booklets_not_issued' } });
    const ordered = await createProgramme({ funder, operator, until: 'ordered' });
    const distributor = await loginAs(testApp, DEMO.distributorAgent);
    await distributor.get(`/api/programmes/${ordered.id}/booklets.pdf`).expect(403);
    const bad = await funder.get(`/api/programmes/${ordered.id}/booklets.pdf?from=3&to=2`).expect(400);
    expect(bad.body.details[0].field).toBe('from');
    const zero = await funder.get(`/api/programmes/${ordered.id}/booklets.pdf?from=0`).expect(400);
    expect(zero.body.details[0].field).toBe('from');
    const audit = await testApp.dataSource.query("SELECT count(*)::int AS n FROM audit_events WHERE action = 'booklets.printed'");
    expect(audit[0].n).toBeGreaterThanOrEqual(1);
  });
});
