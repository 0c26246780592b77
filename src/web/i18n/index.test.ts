import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDateTime, formatTime, resolveLang } from './index.ts';

test('dates and times read as Norwegians write them', () => {
  const start = new Date('2019-11-12T08:00:00Z');
  assert.equal(formatDateTime(start, 'nb', 'Europe/Oslo'), 'tirsdag 12. november 2019 kl. 09.00');
  assert.equal(formatTime(new Date('2019-11-12T14:30:00Z'), 'nb', 'Europe/Oslo'), '15.30');
});

test('the language comes from ?lang, then the cookie, then Accept-Language, then Bokmål', () => {
  assert.equal(resolveLang('nb', undefined, 'en'), 'nb');
  assert.equal(resolveLang(undefined, undefined, 'no-NO,no;q=0.9'), 'nb');
  assert.equal(resolveLang('xx', 'yy', 'de-DE'), 'nb');
});
