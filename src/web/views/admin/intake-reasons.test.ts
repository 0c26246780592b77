import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ACTIVE_CONTENT,
  type IntakeReason,
  isIntakeReason,
  MIME_PROBLEMS,
  REASON_CODES,
  type ReasonCode,
  reasonText,
} from '../../../core/mail-intake/reasons.ts';
import { catalogues, LANGS } from '../../i18n/index.ts';
import type { Equals } from '../../i18n/types.ts';
import { legacyReasonLabel, reasonLabel } from './intake-reasons.ts';

// Type level: each catalogue has a text for exactly the reason codes, MIME problems and kinds of
// active content of core (a code added to core without texts fails `tsc --noEmit`).
const exactKeys: [
  Equals<keyof typeof catalogues.nb.mailIntake.reasons, ReasonCode>,
  Equals<keyof typeof catalogues.nn.mailIntake.reasons, ReasonCode>,
  Equals<keyof typeof catalogues.en.mailIntake.reasons, ReasonCode>,
  Equals<keyof typeof catalogues.nb.mailIntake.mimeProblems, (typeof MIME_PROBLEMS)[number]>,
  Equals<keyof typeof catalogues.nb.mailIntake.activeContent, (typeof ACTIVE_CONTENT)[number]>,
] = [true, true, true, true, true];

/** One reason of every code, with parameters (the compiler refuses a missing code). */
const SAMPLES: { [C in ReasonCode]: IntakeReason & { code: C } } = {
  read_receipt: { code: 'read_receipt' },
  delivery_report: { code: 'delivery_report' },
  delivery_failure: { code: 'delivery_failure' },
  auto_reply_header: { code: 'auto_reply_header' },
  auto_reply_precedence: { code: 'auto_reply_precedence' },
  auto_reply_subject: { code: 'auto_reply_subject' },
  bulk_mail: { code: 'bulk_mail' },
  machine_generated: { code: 'machine_generated', value: 'auto-generated' },
  calendar_answer: { code: 'calendar_answer' },
  substitute: { code: 'substitute' },
  might_not_come: { code: 'might_not_come' },
  signs_up_later: { code: 'signs_up_later' },
  earlier_signup: { code: 'earlier_signup' },
  thanks_only: { code: 'thanks_only' },
  changes_own: { code: 'changes_own' },
  change_unclear: { code: 'change_unclear' },
  several_changes: { code: 'several_changes' },
  change_for_others: { code: 'change_for_others' },
  cancels_all_own: { code: 'cancels_all_own' },
  names_other_address: { code: 'names_other_address' },
  question: { code: 'question' },
  no_signup_found: { code: 'no_signup_found' },
  broken_mime: { code: 'broken_mime', problems: [...MIME_PROBLEMS] },
  active_content: { code: 'active_content', items: [...ACTIVE_CONTENT] },
  attachment_details: { code: 'attachment_details' },
  long_message: { code: 'long_message', limit: 8000 },
  no_sender: { code: 'no_sender' },
  from_intake_address: { code: 'from_intake_address' },
  no_readable_text: { code: 'no_readable_text' },
  no_date: { code: 'no_date' },
  late: {
    code: 'late',
    sentAt: '2030-11-04T09:00:00.000Z',
    deadline: '2030-11-01T22:59:00.000Z',
    timeZone: 'Europe/Oslo',
  },
  not_a_signup: { code: 'not_a_signup' },
  change_to_review: { code: 'change_to_review' },
  tentative: { code: 'tentative' },
  cancels_others: { code: 'cancels_others' },
  several_people: { code: 'several_people' },
  cancels_own: { code: 'cancels_own' },
  asks_question: { code: 'asks_question' },
  nobody_to_register: { code: 'nobody_to_register' },
  no_address: { code: 'no_address' },
  all_clear: { code: 'all_clear' },
  all_clear_on_behalf: { code: 'all_clear_on_behalf' },
  sender_name_differs: { code: 'sender_name_differs', name: 'Eldbjørg Vist', other: 'Tor Inge Hammer' },
  only_first_name: { code: 'only_first_name', name: 'Gunvor' },
  no_name: { code: 'no_name' },
  no_full_name_signed_up: { code: 'no_full_name_signed_up' },
  no_full_name_in_form: { code: 'no_full_name_in_form' },
  person_without_name: { code: 'person_without_name' },
  sender_not_in_list: { code: 'sender_not_in_list' },
  we_but_one: { code: 'we_but_one' },
  count_mismatch: { code: 'count_mismatch', announced: 3, found: 2 },
  no_role: { code: 'no_role', person: 'Olav Bjørgum' },
  role_not_offered: { code: 'role_not_offered', role: 'business' },
  several_roles: { code: 'several_roles', roles: ['politician', 'researcher'] },
  role_outside_municipality: { code: 'role_outside_municipality', word: 'seniorrådgjevar' },
  form_role_unclear: { code: 'form_role_unclear', value: 'Tilskuer' },
  no_session: { code: 'no_session' },
  several_sessions: { code: 'several_sessions', sessions: ['2A', '2B'] },
  session_undecided: { code: 'session_undecided' },
  morning_only: { code: 'morning_only' },
  too_large: { code: 'too_large' },
  unreadable: { code: 'unreadable' },
};

const event = {
  timeZone: 'Europe/Oslo',
  roles: ['politician', 'researcher', 'business'].map((code) => ({ code, label: null, asksText: false })),
};

test('every reason code has a text in nb, nn and en, and every parameter is shown', () => {
  assert.ok(exactKeys.every(Boolean));
  assert.deepEqual(Object.keys(SAMPLES).sort(), [...REASON_CODES].sort());
  for (const lang of LANGS) {
    const m = catalogues[lang].mailIntake;
    assert.deepEqual(Object.keys(m.reasons).sort(), [...REASON_CODES].sort(), `${lang}: reason codes`);
    assert.deepEqual(Object.keys(m.mimeProblems).sort(), [...MIME_PROBLEMS].sort(), `${lang}: MIME problems`);
    assert.deepEqual(Object.keys(m.activeContent).sort(), [...ACTIVE_CONTENT].sort(), `${lang}: active content`);
    for (const code of REASON_CODES) {
      const reason = SAMPLES[code];
      assert.ok(isIntakeReason(reason));
      const text = reasonLabel(catalogues[lang], event, lang, reason);
      assert.ok(text.trim().length > 0, `${lang}.${code} is empty`);
      assert.doesNotMatch(text, /undefined|\[object|NaN/, `${lang}.${code}: ${text}`);
      // A name, a value or a code the reason carries is in the text.
      for (const value of [
        reason.person,
        'name' in reason ? reason.name : undefined,
        'value' in reason && reason.value,
      ])
        if (typeof value === 'string') assert.ok(text.includes(value), `${lang}.${code} leaves out ${value}`);
      // The Norwegian texts are not the English ones of the CLI.
      if (lang !== 'en') assert.notEqual(text.toLowerCase(), reasonText(reason).toLowerCase(), `${lang}.${code}`);
    }
  }
});

test('parameters are shown in the organiser’s language: names first, role labels, dates, MIME problems', () => {
  const nb = catalogues.nb;
  assert.equal(reasonLabel(nb, event, 'nb', SAMPLES.no_role), 'Olav Bjørgum: Fant ingen rolle.');
  assert.equal(reasonLabel(catalogues.nn, event, 'nn', SAMPLES.no_role), 'Olav Bjørgum: Fann inga rolle.');
  assert.equal(reasonLabel(nb, event, 'nb', SAMPLES.several_roles), 'Flere roller er nevnt (Politiker, Forsker).');
  assert.equal(
    reasonLabel(nb, event, 'nb', { code: 'several_sessions', sessions: ['2A', 'none'] }),
    'Flere sesjoner er valgt (2A, Bare fellesdelen).',
  );
  assert.match(
    reasonLabel(nb, event, 'nb', SAMPLES.late),
    /^Sendt 4\. nov\.? 2030 10[.:]00, etter fristen 1\. nov\.? 2030 23[.:]59\.$/,
  );
  assert.match(reasonLabel(nb, event, 'nb', SAMPLES.broken_mime), /mangler e-posthode; en linje i e-posthodet/);
  assert.match(reasonLabel(nb, event, 'nb', SAMPLES.active_content), /\(skript, hendelseshåndterer, skriptlenke,/);
  assert.equal(reasonText(SAMPLES.no_role), 'Olav Bjørgum: no role found');
});

test('reasons stored as text only (older messages) are shown as they are, the early codes translated', () => {
  assert.equal(legacyReasonLabel(catalogues.nb, 'too_large'), catalogues.nb.mailIntake.reasons.too_large);
  assert.equal(legacyReasonLabel(catalogues.nn, 'unreadable'), catalogues.nn.mailIntake.reasons.unreadable);
  assert.equal(
    legacyReasonLabel(catalogues.nb, 'asks a question that needs an answer'),
    'asks a question that needs an answer',
  );
  // A code whose text needs parameters is not guessed at.
  assert.equal(legacyReasonLabel(catalogues.nb, 'late'), 'late');
  assert.ok(!isIntakeReason('no_role'));
  assert.ok(!isIntakeReason({ code: 'not_a_code' }));
});
