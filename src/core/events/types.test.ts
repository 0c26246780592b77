import assert from 'node:assert/strict';
import { test } from 'node:test';
import { registrationWindow, seatsLeft } from './types.ts';

const closes = new Date('2030-11-01T22:59:00Z');

test('registration is open until the closing instant, inclusive', () => {
  assert.equal(
    registrationWindow({ registrationOpensAt: null, registrationClosesAt: closes }, new Date('2030-11-01T22:59:00Z')),
    'open',
  );
  assert.equal(
    registrationWindow({ registrationOpensAt: null, registrationClosesAt: closes }, new Date('2030-11-01T22:59:01Z')),
    'closed',
  );
});

test('registration is not open before the opening instant', () => {
  const opens = new Date('2030-10-01T08:00:00Z');
  assert.equal(
    registrationWindow({ registrationOpensAt: opens, registrationClosesAt: closes }, new Date('2030-10-01T07:59:59Z')),
    'not_open',
  );
  assert.equal(registrationWindow({ registrationOpensAt: opens, registrationClosesAt: closes }, opens), 'open');
});

test('seats left never goes below zero and is null without a capacity', () => {
  assert.equal(seatsLeft(10, 3), 7);
  assert.equal(seatsLeft(10, 12), 0);
  assert.equal(seatsLeft(null, 500), null);
});
