// The sign-up form and the API share this schema and these field names (DESIGN.md).
import { z } from 'zod';
import { ANSWER_MAX, answerProblems } from '../../core/events/answers.ts';
import type { EventQuestion } from '../../core/events/types.ts';
import {
  choiceProblems,
  MAX_OTHERS,
  type ParticipantInput,
  type RegisterInput,
} from '../../core/registrations/register-participants.ts';
import { checkbox, email, type FieldKey, fieldKeys, LIMITS, requiredText, text } from './fields.ts';

const optionalEmail = z
  .string({ error: 'email_invalid' })
  .max(LIMITS.email * 4, { error: 'email_invalid' })
  .transform((v) => v.trim())
  .pipe(z.union([z.literal(''), z.email({ error: 'email_invalid' }).max(LIMITS.email, { error: 'email_invalid' })]))
  .optional();

const participantFields = {
  organization: text(LIMITS.organization).optional(),
  role: requiredText(LIMITS.role, 'role_required'),
  roleOther: text(LIMITS.roleOther).optional(),
  session: text(LIMITS.session).optional(),
  needs: text(LIMITS.needs).optional(),
  needsConsent: checkbox,
  publicListing: checkbox,
};

const needsNeedConsent = (p: { needs?: string | undefined; needsConsent: boolean }) => !p.needs || p.needsConsent;

const otherSchema = z
  .object({
    name: requiredText(LIMITS.name, 'other_name_required', 'name_too_long'),
    email: optionalEmail,
    ...participantFields,
  })
  .refine(needsNeedConsent, { error: 'needs_consent_required', path: ['needsConsent'] });

export const registrationSchema = z
  .object({
    name: requiredText(LIMITS.name, 'name_required', 'name_too_long'),
    email: email('email_required'),
    ...participantFields,
    consent: checkbox.refine((v) => v, { error: 'consent_required' }),
    // Answers to the event's extra questions, keyed by question id; checked against the event.
    answers: z
      .record(
        z.string().regex(/^\d{1,9}$/),
        z.union([z.string().max(ANSWER_MAX * 4), z.array(z.string().max(ANSWER_MAX)).max(50)]),
        { error: 'invalid_value' },
      )
      .optional(),
    others: z.array(otherSchema).max(MAX_OTHERS, { error: 'invalid_value' }).optional(),
  })
  .refine(needsNeedConsent, { error: 'needs_consent_required', path: ['needsConsent'] });

export type RegistrationFields = z.input<typeof registrationSchema>;

function participant(p: z.output<typeof otherSchema> | z.output<typeof registrationSchema>): ParticipantInput {
  return {
    name: p.name,
    email: p.email ? p.email : null,
    organization: p.organization ?? '',
    role: p.role,
    roleOther: p.roleOther ?? '',
    session: p.session === undefined || p.session === '' ? undefined : p.session === 'none' ? null : p.session,
    needs: p.needs ?? '',
    needsConsent: p.needsConsent,
    publicListing: p.publicListing,
  };
}

/**
 * The role and session choices as far as they can be read from an invalid body, so that
 * choiceProblems can report them in the same round as the schema's messages.
 */
export function looseChoices(body: unknown): Pick<ParticipantInput, 'role' | 'roleOther' | 'session' | 'email'>[] {
  const read = (o: unknown) => {
    const r = (o && typeof o === 'object' ? o : {}) as Record<string, unknown>;
    const s = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
    const session = s(r.session);
    return {
      role: s(r.role),
      roleOther: s(r.roleOther),
      session: session === '' ? undefined : session === 'none' ? null : session,
      email: null,
    };
  };
  const root = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const others = Array.isArray(root.others) ? root.others : [];
  return [read(root), ...others.map(read)];
}

export type ParsedRegistration = { ok: true; input: RegisterInput } | { ok: false; fields: Record<string, FieldKey> };

/**
 * Validates a sign-up (form or JSON) and turns it into the core's input. Given the event, an
 * invalid body also gets the event's own checks (role, session), so all problems show at once.
 */
export function parseRegistration(
  body: unknown,
  eventSlug: string,
  lang: string,
  event?: Parameters<typeof choiceProblems>[0] & { questions?: readonly EventQuestion[] },
): ParsedRegistration {
  const parsed = registrationSchema.safeParse(body);
  if (!parsed.success) {
    const fields = fieldKeys(parsed.error);
    // zod skips an object's refinements once a field has failed; check consent for needs here
    // too, so that every problem shows in the first round.
    const root = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const people = [root, ...(Array.isArray(root.others) ? root.others : [])] as Record<string, unknown>[];
    people.forEach((person, i) => {
      const needs = typeof person?.needs === 'string' ? person.needs.trim() : '';
      const consent = person?.needsConsent;
      if (needs && consent !== true && consent !== 'on' && consent !== 'true') {
        fields[`${i === 0 ? '' : `others.${i - 1}.`}needsConsent`] ??= 'needs_consent_required';
      }
    });
    if (event) {
      for (const [path, problem] of Object.entries(choiceProblems(event, looseChoices(body)))) {
        fields[path] ??= problem;
      }
      const answers = (root.answers && typeof root.answers === 'object' ? root.answers : {}) as Record<string, never>;
      for (const [path, problem] of Object.entries(answerProblems(event.questions ?? [], answers))) {
        fields[path] ??= problem;
      }
    }
    return { ok: false, fields };
  }
  const value = parsed.data;
  const answerFields = event ? answerProblems(event.questions ?? [], value.answers) : {};
  if (Object.keys(answerFields).length > 0) return { ok: false, fields: answerFields };
  const booker = participant(value);
  return {
    ok: true,
    input: {
      eventSlug,
      lang,
      booker: { ...booker, email: value.email, ...(value.answers ? { answers: value.answers } : {}) },
      others: (value.others ?? []).map(participant),
      consent: true,
    },
  };
}

/**
 * Turns flat form keys ("others.0.name") into the nested shape the schema expects, and keeps
 * only known keys, so a crafted form cannot smuggle anything in.
 */
export function nestFormBody(
  body: Record<string, unknown>,
  options: { keepBlank?: boolean } = {},
): Record<string, unknown> & { others?: Record<string, unknown>[] } {
  const out: Record<string, unknown> & { others?: Record<string, unknown>[] } = {};
  const others: Record<string, unknown>[] = [];
  for (const [key, raw] of Object.entries(body)) {
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    const match = /^others\.(\d{1,2})\.([A-Za-z]+)$/.exec(key);
    const answer = /^answers\.(\d{1,9})$/.exec(key);
    if (answer) {
      // Checkboxes send one value per ticked box: keep them all.
      out.answers ??= {};
      (out.answers as Record<string, unknown>)[answer[1] as string] = Array.isArray(raw) ? raw.map(String) : raw;
    } else if (match) {
      const index = Number(match[1]);
      if (index >= MAX_OTHERS + 1) continue;
      others[index] ??= {};
      (others[index] as Record<string, unknown>)[match[2] as string] = value;
    } else if (!key.includes('.')) {
      out[key] = value;
    }
  }
  // A person block left completely empty (added, then not filled in) is not a person.
  const blank = (o: Record<string, unknown>) =>
    ['name', 'email', 'organization', 'roleOther', 'needs'].every((k) => !String(o[k] ?? '').trim());
  const list = Array.from(others, (o) => o ?? {}).filter((o) => options.keepBlank || !blank(o));
  if (list.length > 0) out.others = list;
  return out;
}
