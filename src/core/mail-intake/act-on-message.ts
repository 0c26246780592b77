// What accepting a message does, shared by the automatic path and the organiser's review: sign
// the people up through the same use case as the form (deadline, capacity, waiting list, one
// registration per address), or cancel registrations, answering in the message's thread.
import { getEvent } from '../events/get-event.ts';
import type { EventDetails } from '../events/types.ts';
import { cancelRegistration } from '../registrations/cancel-registration.ts';
import { changeSession } from '../registrations/change-session.ts';
import { normalizeEmail, registerParticipants } from '../registrations/register-participants.ts';
import { requestPersonalLinkFor } from '../registrations/request-personal-link.ts';
import { updateDetails } from '../registrations/update-details.ts';
import type { Deps } from '../shared/deps.ts';
import type { MailThread } from '../shared/notifications.ts';
import { type FieldProblem, fail, type Result } from '../shared/result.ts';
import { registerInputFrom } from './drafts.ts';
import type { PersonDraft } from './types.ts';

export async function eventById(deps: Pick<Deps, 'db'>, eventId: number): Promise<EventDetails | null> {
  const row = await deps.db.selectFrom('events').select('slug').where('id', '=', eventId).executeTakeFirst();
  return row ? getEvent(deps.db, row.slug, { includeUnpublished: true }) : null;
}

export interface Registered {
  registrationIds: number[];
  /** People whose address already had a registration: they were sent their personal link. */
  alreadyRegistered: number;
}

/**
 * Signs up `drafts` for the event. Field problems come back keyed by the drafts' own indices
 * (`p.2.role`), whatever order the booking put them in.
 */
export async function registerDrafts(
  deps: Deps,
  event: EventDetails,
  drafts: PersonDraft[],
  options: { writer: string | null; lang: string; sentAt: Date; thread: MailThread | null },
  now: Date,
): Promise<Result<Registered>> {
  const fields: Record<string, FieldProblem> = {};
  drafts.forEach((d, i) => {
    if (d.name.trim() === '') fields[`p.${i}.name`] = 'name_required';
  });
  // The booking puts the writer first: remember where each draft went.
  const writer = options.writer ? normalizeEmail(options.writer) : null;
  const order = drafts.map((_, i) => i);
  const writerIndex = writer ? drafts.findIndex((d) => normalizeEmail(d.email) === writer) : -1;
  if (writerIndex > 0) order.unshift(...order.splice(writerIndex, 1));
  const input = registerInputFrom(event, drafts, {
    writer: options.writer,
    lang: options.lang,
    sentAt: options.sentAt,
    ...(options.thread ? { thread: options.thread } : {}),
  });
  if (!input) fields[`p.${order[0] ?? 0}.email`] = 'invalid_value';
  if (Object.keys(fields).length > 0 || !input) return fail('invalid', fields);
  const result = await registerParticipants(deps, input, now, event.published ? event : undefined);
  if (!result.ok) {
    const mapped: Record<string, FieldProblem> = {};
    for (const [key, problem] of Object.entries(result.fields ?? {})) {
      const others = /^others\.(\d+)\.(.+)$/.exec(key);
      const position = others ? Number(others[1]) + 1 : 0;
      const field = others ? (others[2] as string) : key;
      if (field === 'answers' || field.startsWith('answers.')) mapped.answers = problem;
      else mapped[`p.${order[position] ?? position}.${field}`] = problem;
    }
    return Object.keys(mapped).length > 0 || result.fields ? fail(result.code, mapped) : fail(result.code);
  }
  const outcomes = [result.booker, ...result.others];
  return {
    ok: true,
    registrationIds: outcomes.map((o) => o.registrationId).filter((id): id is number => id !== null),
    alreadyRegistered: outcomes.filter((o) => o.status === 'already_registered').length,
  };
}

/** Active registrations of the event reached through `emails` (own address or as booker). */
export async function registrationsOf(
  deps: Pick<Deps, 'db'>,
  eventId: number,
  emails: string[],
): Promise<{ id: number; name: string; email: string | null; status: string; sessionCode: string | null }[]> {
  const norms = [...new Set(emails.map(normalizeEmail).filter((e) => e !== ''))];
  if (norms.length === 0) return [];
  return deps.db
    .selectFrom('registrations')
    .innerJoin('bookings', 'bookings.id', 'registrations.booking_id')
    .leftJoin('sessions', 'sessions.id', 'registrations.session_id')
    .select([
      'registrations.id',
      'registrations.name',
      'registrations.email',
      'registrations.status',
      'sessions.code as sessionCode',
    ])
    .where('registrations.event_id', '=', eventId)
    .where('registrations.status', '<>', 'cancelled')
    .where((eb) =>
      eb.or([
        eb('registrations.email_norm', 'in', norms),
        eb.and([eb('registrations.email', 'is', null), eb(eb.fn('lower', ['bookings.booker_email']), 'in', norms)]),
      ]),
    )
    .orderBy('registrations.id')
    .execute();
}

/** Cancels the given registrations of the event; the writer's confirmation answers the thread. */
export async function cancelByMail(
  deps: Deps,
  eventId: number,
  registrationIds: number[],
  options: { actor: string; thread: MailThread | null },
  now: Date,
): Promise<Result<{ cancelled: number[] }>> {
  const rows =
    registrationIds.length === 0
      ? []
      : await deps.db
          .selectFrom('registrations')
          .select(['id', 'email'])
          .where('event_id', '=', eventId)
          .where('id', 'in', registrationIds)
          .execute();
  if (rows.length === 0) return fail('invalid', { registrations: 'invalid_value' });
  const cancelled: number[] = [];
  for (const row of rows) {
    const result = await cancelRegistration(
      deps,
      { registrationId: row.id, actor: options.actor, ...(options.thread ? { thread: options.thread } : {}) },
      now,
    );
    if (result.ok) cancelled.push(row.id);
    else if (result.code !== 'already_cancelled') return result;
  }
  return { ok: true, cancelled };
}

/** What a change by e-mail asks for: a new afternoon choice, a new role, a need to add. The
 * automatic path asks for one of them; an organiser may ask for several. */
export interface MailChange {
  /** A session code, `none` for only the shared programme, or null when not asked. */
  session: string | null;
  role: string | null;
  /** Added to the needs already given, not in place of them. */
  needs: string | null;
}

/**
 * Changes one registration as asked by e-mail, by the same rules as the personal link: a new
 * session only while registration is open and only into a seat (a full session is refused, not
 * waitlisted: "om det er plass"); a role or a need until the event starts. The session goes
 * first, so a refused one changes nothing. One confirmation, with a fresh link, answers in the
 * message's thread.
 */
export async function changeByMail(
  deps: Deps,
  registrationId: number,
  change: MailChange,
  options: { actor: string; thread: MailThread | null },
  now: Date,
): Promise<Result<{ status: 'changed' | 'unchanged' }>> {
  const thread = options.thread ? { thread: options.thread } : {};
  const addedNeeds = change.needs?.trim() ?? '';
  const detailsAsked = change.role !== null || addedNeeds !== '';
  let sessionChanged = false;
  if (change.session !== null) {
    const result = await changeSession(
      deps,
      {
        registrationId,
        session: change.session === 'none' ? null : change.session,
        acceptWaitlist: false,
        actor: options.actor,
        ...thread,
      },
      now,
    );
    if (!result.ok) return result;
    // changeSession has sent the confirmation when something changed.
    sessionChanged = result.status !== 'unchanged';
  }
  if (!detailsAsked) {
    if (sessionChanged) return { ok: true, status: 'changed' };
    // Already so: the answer is their registration as it stands, with a fresh link.
    await requestPersonalLinkFor(deps, registrationId, { actor: options.actor, ...thread }, now);
    return { ok: true, status: 'unchanged' };
  }
  const current = await deps.db
    .selectFrom('registrations')
    .select(['name', 'organization', 'role', 'role_other', 'needs', 'public_listing'])
    .where('id', '=', registrationId)
    .executeTakeFirst();
  if (!current) return fail('not_found');
  const needs = [current.needs.trim(), addedNeeds].filter((n) => n !== '').join('\n');
  const result = await updateDetails(
    deps,
    {
      registrationId,
      name: current.name,
      organization: current.organization,
      role: change.role ?? current.role,
      roleOther: change.role !== null && change.role !== current.role ? '' : current.role_other,
      needs: needs.slice(0, 1000),
      // They wrote their needs to us themselves, to have them met.
      needsConsent: needs !== '',
      publicListing: current.public_listing === 1,
      actor: options.actor,
      ...(sessionChanged ? {} : { confirm: thread }),
    },
    now,
  );
  return result.ok ? { ok: true, status: 'changed' } : result;
}
