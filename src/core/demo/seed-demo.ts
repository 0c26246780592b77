import { createEvent } from '../events/create-event.ts';
import { savePrivacyNotice } from '../privacy/privacy-notices.ts';
import { createQuestionRoom, setQuestionRoomOpen } from '../questions/save-question-room.ts';
import type { Deps } from '../shared/deps.ts';
import { DEMO_ORGANIZATION, pastDemo, upcomingDemo } from './reference-seminar.ts';

/** The demo organisation's privacy notice (invented addresses: example.no). */
export const DEMO_PRIVACY_NOTICE = {
  controller:
    'Nord universitet er behandlingsansvarlig for påmeldingene, i samarbeid med Levanger kommune og KS, som arrangerer seminaret sammen med universitetet.',
  contact:
    'Spørsmål om personvern: personvern@example.no. Du kan også kontakte personvernombudet ved Nord universitet på personvernombud@example.no.',
  purpose:
    'Vi bruker opplysningene til å administrere påmeldingen: plass i sesjonene, venteliste, navneskilt, deltakerlister, beskjeder om arrangementet og en anonym oversikt over hvilke roller som deltok.',
  lawfulBasis:
    'Allmennhetens interesse og offentlig myndighetsutøvelse (personvernforordningen art. 6 nr. 1 bokstav e) for påmeldingen. Samtykke (art. 6 nr. 1 bokstav a og art. 9 nr. 2 bokstav a) for opplysninger om behov for tilrettelegging og for å stå på den offentlige deltakerlisten; samtykket kan trekkes når som helst fra den personlige lenken.',
  retention:
    'Opplysningene anonymiseres 90 dager etter arrangementet. Opplysninger om behov for tilrettelegging slettes først. Antall deltakere per rolle og sesjon beholdes uten navn.',
  processors:
    'Driftsleverandøren av samskap (lagring og e-postutsending) er databehandler for Nord universitet. Opplysningene deles ikke med andre.',
};

/** Adds the demo events that are not there yet; returns the slugs added. */
export async function seedDemo(deps: Pick<Deps, 'db' | 'adapter'>, now: Date): Promise<string[]> {
  const added: string[] = [];
  for (const draft of [upcomingDemo(now), pastDemo()]) {
    const exists = await deps.db.selectFrom('events').select('id').where('slug', '=', draft.slug).executeTakeFirst();
    if (exists) continue;
    try {
      const eventId = await createEvent(deps, draft, 'system:seed-demo', now);
      added.push(draft.slug);
      // DEL 2A is the co-creation meeting place: its registrants can propose challenges.
      await deps.db
        .updateTable('sessions')
        .set({ challenges_open: 1 })
        .where('event_id', '=', eventId)
        .where('code', '=', '2A')
        .execute();
      // DEL 2B is the research workshop: its registrants pitch research ideas and give feedback.
      await deps.db
        .updateTable('sessions')
        .set({ pitch: 1 })
        .where('event_id', '=', eventId)
        .where('code', '=', '2B')
        .execute();
      // DEL 1 ends with a dialogue in plenary where the audience joins in: an open question room,
      // so the demo shows /q/:code and the projector view at once.
      await openDialogueRoom(deps, eventId, now);
    } catch (error) {
      // Another process seeding at the same moment won the unique slug: that is fine.
      const again = await deps.db.selectFrom('events').select('id').where('slug', '=', draft.slug).executeTakeFirst();
      if (!again) throw error;
    }
  }
  // The demo organisation's privacy page (/personvern/demo), written once.
  const org = await deps.db
    .selectFrom('organizations')
    .select('id')
    .where('slug', '=', DEMO_ORGANIZATION.slug)
    .executeTakeFirst();
  if (org) {
    const notice = await deps.db
      .selectFrom('privacy_notices')
      .select('id')
      .where('organization_id', '=', org.id)
      .executeTakeFirst();
    if (!notice) {
      await savePrivacyNotice(
        deps,
        {
          organizationId: org.id,
          fields: DEMO_PRIVACY_NOTICE,
          retentionDays: 90,
          actor: 'system:seed-demo',
          userId: null,
        },
        now,
      ).catch(async (error: unknown) => {
        // Another process seeding at the same moment wrote version 1: that is fine.
        const again = await deps.db
          .selectFrom('privacy_notices')
          .select('id')
          .where('organization_id', '=', org.id)
          .executeTakeFirst();
        if (!again) throw error;
      });
    }
  }
  return added;
}

/** An open question room for the demo event's "Dialog/prosess i plenum", if the programme has it. */
async function openDialogueRoom(deps: Pick<Deps, 'db' | 'adapter'>, eventId: number, now: Date): Promise<void> {
  const item = await deps.db
    .selectFrom('programme_items')
    .innerJoin('programme_parts', 'programme_parts.id', 'programme_items.part_id')
    .select('programme_items.id')
    .where('programme_parts.event_id', '=', eventId)
    .where('programme_items.title', 'like', 'Dialog%plenum%')
    .executeTakeFirst();
  if (!item) return;
  const room = await createQuestionRoom(
    deps,
    {
      eventId,
      settings: { programmeItemId: item.id, title: '', identityMode: 'choice', moderation: 'post' },
      userId: null,
      actor: 'system:seed-demo',
    },
    now,
  );
  if (room.ok) {
    await setQuestionRoomOpen(deps, { eventId, roomId: room.id, open: true, actor: 'system:seed-demo' }, now);
  }
}
