// The ideas of a pitch session in running order. Only ideas whose owner still has a confirmed
// seat in the session count: a cancelled or moved registration takes its idea off the list.
import type { Db } from '../../db/adapter.ts';
import type { IdeaView } from './types.ts';

function ideaQuery(db: Db) {
  return db
    .selectFrom('ideas')
    .innerJoin('registrations', 'registrations.id', 'ideas.registration_id')
    .select([
      'ideas.id',
      'ideas.session_id',
      'ideas.registration_id',
      'ideas.title',
      'ideas.problem',
      'ideas.novelty',
      'ideas.partners_research',
      'ideas.partners_public',
      'ideas.partners_business',
      'ideas.partners_civil',
      'ideas.funding',
      'ideas.stage',
      'ideas.position',
      'ideas.updated_at',
      'registrations.name',
      'registrations.organization',
    ]);
}

type IdeaRow = Awaited<ReturnType<ReturnType<typeof ideaQuery>['execute']>>[number];

function toView(r: IdeaRow): IdeaView {
  return {
    id: r.id,
    sessionId: r.session_id,
    registrationId: r.registration_id,
    title: r.title,
    problem: r.problem,
    novelty: r.novelty,
    partners: {
      research: r.partners_research,
      public: r.partners_public,
      business: r.partners_business,
      civil: r.partners_civil,
    },
    funding: r.funding,
    stage: r.stage,
    position: r.position,
    updatedAt: new Date(r.updated_at),
    ownerName: r.name,
    ownerOrganization: r.organization,
  };
}

/** The session's ideas in running order (position, then id). */
export async function listSessionIdeas(db: Db, sessionId: number): Promise<IdeaView[]> {
  const rows = await ideaQuery(db)
    .where('ideas.session_id', '=', sessionId)
    .where('registrations.status', '=', 'confirmed')
    .whereRef('registrations.session_id', '=', 'ideas.session_id')
    .orderBy('ideas.position')
    .orderBy('ideas.id')
    .execute();
  return rows.map(toView);
}

/** One idea by id (whatever its owner's status), or undefined. */
export async function getIdea(db: Db, ideaId: number): Promise<IdeaView | undefined> {
  const row = await ideaQuery(db).where('ideas.id', '=', ideaId).executeTakeFirst();
  return row ? toView(row) : undefined;
}

/** The registrant's own idea, or undefined. */
export async function getIdeaOf(db: Db, registrationId: number): Promise<IdeaView | undefined> {
  const row = await ideaQuery(db).where('ideas.registration_id', '=', registrationId).executeTakeFirst();
  return row ? toView(row) : undefined;
}
