import fc from 'fast-check';
import { RecentFacts } from './recent-facts';

describe('RecentFacts', () => {
  it('answers what was set until it expires', () => {
    const facts = new RecentFacts<number>(10, 1000);
    facts.set('a', 1, 0);
    expect(facts.get('a', 999)).toBe(1);
    expect(facts.get('a', 1000)).toBeUndefined();
    expect(facts.get('b', 0)).toBeUndefined();
  });

  it('never holds more than its size, dropping the entry written longest ago', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 3 }), { maxLength: 60 }), (keys) => {
        const facts = new RecentFacts<string>(5, 1000);
        keys.forEach((key) => facts.set(key, key, 0));
        const newestDistinct = [...new Set([...keys].reverse())].slice(0, 5);
        for (const key of newestDistinct) expect(facts.get(key, 0)).toBe(key);
        const present = new Set(keys).size;
        expect([...new Set(keys)].filter((key) => facts.get(key, 0) !== undefined)).toHaveLength(Math.min(5, present));
      }),
    );
  });

  it('forgets everything when cleared', () => {
    const facts = new RecentFacts<number>(10, 1000);
    facts.set('a', 1, 0);
    facts.clear();
    expect(facts.get('a', 1)).toBeUndefined();
  });
});
