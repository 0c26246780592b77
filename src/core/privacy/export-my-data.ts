import type { Db } from '../../db/adapter.ts';
import { parseAnswers } from '../events/answers.ts';
import { normalizeEmail } from '../registrations/register-participants.ts';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

/** Who did something in the audit log, without the organisers' own names and addresses. */
function actorKind(actor: string): string {
  if (actor.startsWith('user:')) return 'organiser';
  if (actor.startsWith('registrant:') || actor.startsWith('booking:')) return 'registrant';
  return actor.split(':')[0] ?? 'system';
}

/**
 * Everything held about one registration, as a registrant downloads it from their personal page
 * (GDPR art. 15 and 20): the registration with answers and needs, its booking, the event, the
 * privacy notice version acknowledged, the history from the audit log, the mails sent (subject
 * and time), check-ins and the evaluation. `viewerId` is the registration whose link is used:
 * the booker's name and address are included only when the viewer made the booking.
 */
export async function exportMyData(db: Db, registrationId: number, viewerId: number, now: Date) {
  const r = await db
    .selectFrom('registrations')
    .innerJoin('events', 'events.id', 'registrations.event_id')
    .innerJoin('organizations', 'organizations.id', 'events.organization_id')
    .innerJoin('bookings', 'bookings.id', 'registrations.booking_id')
    .leftJoin('sessions', 'sessions.id', 'registrations.session_id')
    .selectAll('registrations')
    .select([
      'events.slug as event_slug',
      'events.title as event_title',
      'events.starts_at as event_starts_at',
      'events.ends_at as event_ends_at',
      'organizations.name as organization_name',
      'organizations.slug as organization_slug',
      'organizations.retention_days',
      'bookings.booker_name',
      'bookings.booker_email',
      'bookings.created_at as booking_created_at',
      'bookings.lang as booking_lang',
      'sessions.code as session_code',
      'sessions.title as session_title',
    ])
    .where('registrations.id', '=', registrationId)
    .executeTakeFirst();
  if (!r) return null;
  const viewer = await db
    .selectFrom('registrations')
    .select('email_norm')
    .where('id', '=', viewerId)
    .executeTakeFirst();
  const viewerIsBooker = viewer?.email_norm != null && viewer.email_norm === normalizeEmail(r.booker_email);

  const [audit, mails, checkins, evaluations, ideas, feedback] = await Promise.all([
    db
      .selectFrom('audit_log')
      .select(['at', 'actor', 'action', 'data_json'])
      .where('subject_type', '=', 'registration')
      .where('subject_id', '=', r.id)
      .orderBy('at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('outbox')
      .select(['kind', 'subject', 'to_address', 'status', 'created_at', 'sent_at'])
      .where('registration_id', '=', r.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('checkins')
      .select(['action', 'at', 'outcome'])
      .where('registration_id', '=', r.id)
      .orderBy('at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('evaluations')
      .select(['ratings_json', 'comment', 'created_at', 'updated_at'])
      .where('registration_id', '=', r.id)
      .execute(),
    // The research idea they submitted, and the feedback they gave on others' pitches (issue 8).
    db.selectFrom('ideas').selectAll().where('registration_id', '=', r.id).execute(),
    db
      .selectFrom('idea_scores')
      .innerJoin('ideas', 'ideas.id', 'idea_scores.idea_id')
      .innerJoin('rubric_criteria', 'rubric_criteria.id', 'idea_scores.criterion_id')
      .select([
        'ideas.title',
        'rubric_criteria.name',
        'idea_scores.score',
        'idea_scores.comment',
        'idea_scores.updated_at',
      ])
      .where('idea_scores.registration_id', '=', r.id)
      .orderBy('idea_scores.updated_at')
      .execute(),
  ]);

  return {
    exportedAt: now.toISOString(),
    controller: { organization: r.organization_name, privacyPage: `/personvern/${r.organization_slug}` },
    event: {
      slug: r.event_slug,
      title: r.event_title,
      startsAt: r.event_starts_at,
      endsAt: r.event_ends_at,
      retentionDays: r.retention_days,
    },
    registration: {
      id: r.id,
      name: r.name,
      email: r.email,
      organization: r.organization,
      role: r.role,
      roleOther: r.role_other,
      session: r.session_code ? { code: r.session_code, title: r.session_title } : null,
      status: r.status,
      lang: r.lang,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      cancelledAt: r.cancelled_at,
      checkedInAt: r.checked_in_at,
      consentAt: r.consent_at,
      privacyVersion: r.privacy_version,
      publicListing: r.public_listing === 1,
      needs: r.needs,
      needsConsentAt: r.needs_consent_at,
      answers: parseAnswers(r.answers_json),
      emailBouncedAt: r.email_bounced_at,
    },
    booking: {
      id: r.booking_id,
      createdAt: r.booking_created_at,
      lang: r.booking_lang,
      madeByYou: viewerIsBooker,
      ...(viewerIsBooker ? { bookerName: r.booker_name, bookerEmail: r.booker_email } : {}),
    },
    history: audit.map((a) => ({ at: a.at, by: actorKind(a.actor), action: a.action, data: parseJson(a.data_json) })),
    mails: mails.map((m) => ({
      kind: m.kind,
      subject: m.subject,
      to: m.to_address,
      status: m.status,
      createdAt: m.created_at,
      sentAt: m.sent_at,
    })),
    checkIns: checkins.map((c) => ({ action: c.action, at: c.at, outcome: c.outcome })),
    evaluation:
      evaluations.map((e) => ({
        ratings: parseJson(e.ratings_json),
        comment: e.comment,
        createdAt: e.created_at,
        updatedAt: e.updated_at,
      }))[0] ?? null,
    researchIdea:
      ideas.map((i) => ({
        title: i.title,
        problem: i.problem,
        novelty: i.novelty,
        partners: {
          research: i.partners_research,
          public: i.partners_public,
          business: i.partners_business,
          civil: i.partners_civil,
        },
        funding: i.funding,
        stage: i.stage,
        createdAt: i.created_at,
        updatedAt: i.updated_at,
      }))[0] ?? null,
    feedbackGiven: feedback.map((f) => ({
      idea: f.title,
      criterion: f.name,
      score: f.score,
      comment: f.comment,
      updatedAt: f.updated_at,
    })),
  };
}

export type MyData = NonNullable<Awaited<ReturnType<typeof exportMyData>>>;
