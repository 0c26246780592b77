// The feedback an idea got, for its owner: per criterion the distribution of scores, the mean and
// spread, and every comment, without names.
import type { Db } from '../../db/adapter.ts';
import { getIdea } from './list-ideas.ts';
import { listCriteria } from './rubric.ts';
import { criterionScores } from './scores.ts';
import type { IdeaSummary } from './types.ts';

const collator = new Intl.Collator('nb-NO');

/** The summary of one idea's feedback, or undefined for an unknown idea. */
export async function getIdeaSummary(db: Db, ideaId: number): Promise<IdeaSummary | undefined> {
  const idea = await getIdea(db, ideaId);
  if (!idea) return undefined;
  const event = await db.selectFrom('ideas').select('event_id').where('id', '=', ideaId).executeTakeFirstOrThrow();
  const [criteria, rows] = await Promise.all([
    listCriteria(db, event.event_id),
    db
      .selectFrom('idea_scores')
      .select(['criterion_id', 'registration_id', 'score', 'comment'])
      .where('idea_id', '=', ideaId)
      .execute(),
  ]);
  return {
    idea,
    respondents: new Set(rows.map((r) => r.registration_id)).size,
    criteria: criteria.map((c) => {
      const mine = rows.filter((r) => r.criterion_id === c.id);
      return {
        ...criterionScores(
          c,
          mine.map((r) => r.score),
        ),
        // Sorted by their text, not by when they came: the order must not tell who wrote what.
        comments: mine
          .map((r) => r.comment.trim())
          .filter((x) => x !== '')
          .sort(collator.compare),
      };
    }),
  };
}

/** How many people gave feedback on the idea. */
export async function countRespondents(db: Db, ideaId: number): Promise<number> {
  const row = await db
    .selectFrom('idea_scores')
    .select((eb) => eb.fn.count<number>('registration_id').distinct().as('n'))
    .where('idea_id', '=', ideaId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
