import fc from 'fast-check';
import { entityTag, isNotModified, toHttpSecond } from './conditional-get';

const lastModified = new Date('2026-11-20T10:15:30.750Z');
const etag = entityTag('lieux', 'csv', '42');

describe('conditional GET', () => {
  it('If-None-Match: the same tag (weak or strong, in a list) or * is current; another tag is not', () => {
    expect(isNotModified({ ifNoneMatch: etag }, { etag, lastModified })).toBe(true);
    expect(isNotModified({ ifNoneMatch: `"other", W/${etag}` }, { etag, lastModified })).toBe(true);
    expect(isNotModified({ ifNoneMatch: '*' }, { etag, lastModified })).toBe(true);
    expect(isNotModified({ ifNoneMatch: '"other"' }, { etag, lastModified })).toBe(false);
  });

  it('If-Modified-Since: current from the second of the last change on; an unreadable date is ignored', () => {
    expect(isNotModified({ ifModifiedSince: 'Fri, 20 Nov 2026 10:15:30 GMT' }, { etag, lastModified })).toBe(true);
    expect(isNotModified({ ifModifiedSince: 'Fri, 20 Nov 2026 10:15:29 GMT' }, { etag, lastModified })).toBe(false);
    expect(isNotModified({ ifModifiedSince: 'yesterday' }, { etag, lastModified })).toBe(false);
    expect(isNotModified({}, { etag, lastModified })).toBe(false);
  });

  it('If-None-Match wins over If-Modified-Since', () => {
    const recent = 'Sat, 21 Nov 2026 00:00:00 GMT';
    expect(isNotModified({ ifNoneMatch: '"other"', ifModifiedSince: recent }, { etag, lastModified })).toBe(false);
    expect(isNotModified({ ifNoneMatch: etag, ifModifiedSince: 'Thu, 01 Jan 2026 00:00:00 GMT' }, { etag, lastModified })).toBe(true);
  });

  it('entity tags are quoted, stable, and differ with any part', () => {
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect(entityTag('lieux', 'csv', '42')).toBe(etag);
    expect(entityTag('lieux', 'json', '42')).not.toBe(etag);
    expect(entityTag('lieux', 'csv', '43')).not.toBe(etag);
    expect(entityTag('a', 'bc')).not.toBe(entityTag('ab', 'c'));
  });

  it('property: a copy dated by the Last-Modified the server sent is current until the next change, whatever the milliseconds', () => {
    const instants = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });
    fc.assert(
      fc.property(instants, fc.integer({ min: 0, max: 10_000_000 }), (changedAt, later) => {
        const sent = toHttpSecond(changedAt).toUTCString();
        expect(isNotModified({ ifModifiedSince: sent }, { etag, lastModified: changedAt })).toBe(true);
        const next = new Date(changedAt.getTime() + later);
        const changedSince = toHttpSecond(next).getTime() > toHttpSecond(changedAt).getTime();
        expect(isNotModified({ ifModifiedSince: sent }, { etag, lastModified: next })).toBe(!changedSince);
      }),
    );
  });
});
