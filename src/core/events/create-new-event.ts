import type { Deps } from '../shared/deps.ts';
import { fail, type Result } from '../shared/result.ts';
import { createEvent } from './create-event.ts';
import { eventTimeProblems } from './update-event.ts';

export interface NewEventInput {
  organizationId: number;
  title: string;
  slug: string;
  startsAt: Date;
  endsAt: Date;
  registrationClosesAt: Date;
  contactEmail: string;
  venueName: string;
  actor: string;
}

/**
 * Creates an empty, unpublished event in an organisation, with the standard roles and the
 * organisation as organiser; the programme is added in the editor afterwards.
 */
export async function createNewEvent(
  deps: Pick<Deps, 'db' | 'adapter'>,
  input: NewEventInput,
  now: Date,
): Promise<Result<{ eventId: number; slug: string }>> {
  const org = await deps.db
    .selectFrom('organizations')
    .select(['slug', 'name'])
    .where('id', '=', input.organizationId)
    .executeTakeFirst();
  if (!org) return fail('invalid', { organizationId: 'unknown_organization' });
  const fields = eventTimeProblems({ ...input, registrationOpensAt: null });
  const taken = await deps.db.selectFrom('events').select('id').where('slug', '=', input.slug).executeTakeFirst();
  if (taken) fields.slug = 'slug_taken';
  if (Object.keys(fields).length > 0) return fail('invalid', fields);
  try {
    const eventId = await createEvent(
      deps,
      {
        organizationSlug: org.slug,
        organizationName: org.name,
        slug: input.slug,
        title: input.title,
        summary: '',
        descriptionMd: '',
        startsAt: input.startsAt,
        endsAt: input.endsAt,
        venueName: input.venueName,
        venueRoom: '',
        venueAddress: '',
        audience: '',
        isFree: true,
        isOpen: true,
        contactEmail: input.contactEmail,
        registrationOpensAt: null,
        registrationClosesAt: input.registrationClosesAt,
        capacity: null,
        allowNoSession: true,
        published: false,
        organisers: [{ name: org.name }],
        partners: [],
        links: [],
        parts: [],
      },
      input.actor,
      now,
    );
    return { ok: true as const, eventId, slug: input.slug };
  } catch (error) {
    const again = await deps.db.selectFrom('events').select('id').where('slug', '=', input.slug).executeTakeFirst();
    if (again) return fail('invalid', { slug: 'slug_taken' });
    throw error;
  }
}
