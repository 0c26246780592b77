import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nestFormBody, parseRegistration } from './registration.ts';

const valid = { name: ' Kari ', email: ' kari@example.no ', role: 'citizen', session: '2A', consent: 'on' };

test('a valid form body becomes the core input, trimmed, with "none" meaning no session', () => {
  const parsed = parseRegistration({ ...valid, session: 'none' }, 'x', 'nb');
  assert.equal(parsed.ok, true);
  if (!parsed.ok) return;
  assert.equal(parsed.input.booker.name, 'Kari');
  assert.equal(parsed.input.booker.email, 'kari@example.no');
  assert.equal(parsed.input.booker.session, null);
  assert.equal(parsed.input.booker.needsConsent, false);
});

test('each field problem is a catalogue key at the field path', () => {
  const parsed = parseRegistration(
    { name: '', email: 'x', role: '', needs: 'allergi', others: [{ name: '', email: 'bad' }] },
    'x',
    'nb',
  );
  assert.equal(parsed.ok, false);
  if (parsed.ok) return;
  assert.deepEqual(parsed.fields, {
    name: 'name_required',
    email: 'email_invalid',
    role: 'role_required',
    consent: 'consent_required',
    needsConsent: 'needs_consent_required',
    'others.0.name': 'other_name_required',
    'others.0.email': 'email_invalid',
    'others.0.role': 'role_required',
  });
});

test('limits are counted after trimming, and anything longer is refused', () => {
  assert.equal(parseRegistration({ ...valid, name: `  ${'x'.repeat(200)}  ` }, 'x', 'nb').ok, true);
  const long = parseRegistration({ ...valid, name: 'x'.repeat(201) }, 'x', 'nb');
  assert.deepEqual(long.ok ? {} : long.fields, { name: 'name_too_long' });
});

test('flat form keys nest into people; unknown and out-of-range keys are dropped, blank people too', () => {
  const nested = nestFormBody({
    name: 'A',
    'others.0.name': 'B',
    'others.0.role': 'citizen',
    'others.2.name': '',
    'others.11.name': 'too far',
    'evil.__proto__.x': '1',
    role: ['citizen', 'politician'],
  });
  assert.deepEqual(nested, { name: 'A', role: 'politician', others: [{ name: 'B', role: 'citizen' }] });
});
