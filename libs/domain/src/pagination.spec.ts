import fc from 'fast-check';
import { pageOffset, toPage } from './pagination';

describe('pagination', () => {
  it('pages cover every item exactly once', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 50 }), (total, pageSize) => {
        const first = toPage([], total, { page: 1, pageSize });
        let seen = 0;
        for (let page = 1; page <= first.totalPages; page++) {
          const offset = pageOffset({ page, pageSize });
          seen += Math.max(0, Math.min(pageSize, total - offset));
        }
        expect(seen).toBe(total);
        expect(first.totalPages).toBeGreaterThanOrEqual(1);
      }),
    );
  });
});
