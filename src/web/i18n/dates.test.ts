import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventWhen } from '../views/format.ts';
import { formatDate, formatDateTime, formatShortDate, formatTime } from './index.ts';

const TZ = 'Europe/Oslo';
// 09.00 in Oslo in winter (UTC+1) and summer (UTC+2).
const winter = new Date('2019-11-12T08:00:00Z');
const summer = new Date('2020-06-13T07:00:00Z');

test('Bokmål: "tirsdag 12. november 2019 kl. 09.00"', () => {
  assert.equal(formatDateTime(winter, 'nb', TZ), 'tirsdag 12. november 2019 kl. 09.00');
  assert.equal(formatDateTime(summer, 'nb', TZ), 'lørdag 13. juni 2020 kl. 09.00');
  assert.equal(formatTime(new Date('2019-11-12T14:30:00Z'), 'nb', TZ), '15.30');
});

test('Nynorsk: Nynorsk weekdays ("tysdag", "laurdag", "måndag") and the same numbers as Bokmål', () => {
  assert.equal(formatDateTime(winter, 'nn', TZ), 'tysdag 12. november 2019 kl. 09.00');
  assert.equal(formatDate(summer, 'nn', TZ), 'laurdag 13. juni 2020');
  assert.equal(formatDate(new Date('2019-11-11T08:00:00Z'), 'nn', TZ), 'måndag 11. november 2019');
  assert.equal(formatTime(new Date('2019-11-12T14:30:00Z'), 'nn', TZ), '15.30');
});

test('English (British): "Tuesday 12 November 2019 at 09:00", no comma after the weekday', () => {
  assert.equal(formatDateTime(winter, 'en', TZ), 'Tuesday 12 November 2019 at 09:00');
  assert.equal(formatDate(summer, 'en', TZ), 'Saturday 13 June 2020');
  assert.equal(formatTime(new Date('2019-11-12T14:30:00Z'), 'en', TZ), '15:30');
  assert.equal(formatShortDate(winter, 'en', TZ), '12 Nov 2019');
});

test('an event on one day reads as one date with a time range, in each language', () => {
  const event = { startsAt: winter, endsAt: new Date('2019-11-12T14:30:00Z'), timeZone: TZ };
  assert.equal(eventWhen(event, 'nb'), 'tirsdag 12. november 2019 kl. 09.00–15.30');
  assert.equal(eventWhen(event, 'nn'), 'tysdag 12. november 2019 kl. 09.00–15.30');
  assert.equal(eventWhen(event, 'en'), 'Tuesday 12 November 2019 at 09:00–15:30');
});

test('times are Oslo time whatever the zone of the machine, also around midnight', () => {
  const lateUtc = new Date('2019-11-12T23:30:00Z'); // 00.30 on the 13th in Oslo
  assert.equal(formatDateTime(lateUtc, 'nn', TZ), 'onsdag 13. november 2019 kl. 00.30');
  assert.equal(formatDateTime(lateUtc, 'en', TZ), 'Wednesday 13 November 2019 at 00:30');
});
