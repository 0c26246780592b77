import assert from 'node:assert/strict';
import { test } from 'node:test';
import { choiceProblems } from './register-participants.ts';

const event = {
  sessions: [{ code: '2A' }, { code: '2B' }] as never[],
  roles: [
    { code: 'politician', label: null, asksText: false },
    { code: 'other', label: null, asksText: true },
  ],
  allowNoSession: false,
};
const person = {
  role: 'politician',
  roleOther: '',
  session: '2A' as string | null | undefined,
  email: null as string | null,
};

test('accepts known roles and sessions', () => {
  assert.deepEqual(choiceProblems(event, [person]), {});
});

test('names each problem by the field path of the person it belongs to', () => {
  assert.deepEqual(
    choiceProblems(event, [
      { ...person, role: 'pilot' },
      { ...person, session: undefined },
      { ...person, role: 'other', session: null },
      { ...person, session: '2C' },
    ]),
    {
      role: 'unknown_role',
      'others.0.session': 'session_required',
      'others.1.roleOther': 'role_other_required',
      'others.1.session': 'no_session_not_allowed',
      'others.2.session': 'unknown_session',
    },
  );
});

test('an event without parallel sessions needs no session choice', () => {
  assert.deepEqual(choiceProblems({ ...event, sessions: [] }, [{ ...person, session: undefined }]), {});
});

test('the same address twice (in any case) is refused on the later person', () => {
  assert.deepEqual(
    choiceProblems(event, [
      { ...person, email: 'a@example.no' },
      { ...person, email: 'A@Example.no ' },
    ]),
    { 'others.0.email': 'duplicate_email' },
  );
});
