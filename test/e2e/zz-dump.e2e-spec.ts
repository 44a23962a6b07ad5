import { writeFileSync } from 'node:fs';
import { startTestApp, type TestApp } from '../helpers/test-app';
describe('dump', () => {
  let testApp: TestApp;
  beforeAll(async () => { testApp = await startTestApp({ seed: false }); });
  afterAll(() => testApp.close());
  it('dumps', async () => {
    const r = await testApp.anonymous().get('/api/openapi.json').expect(200);
    writeFileSync(process.env.DUMP ?? '/tmp/oa/openapi.json', JSON.stringify(r.body, null, 2));
  });
});
