// What the personal page shows of a pitch session: the registrant's idea and whether it can be
// changed, how many ideas the session has, and whether the owner's feedback summary is ready.
import type { Db } from '../../db/adapter.ts';
import { countRespondents } from './idea-summary.ts';
import { getIdeaOf, listSessionIdeas } from './list-ideas.ts';
import { findPitchParticipant, type PitchParticipant } from './pitch-participant.ts';
import { getPitchRun } from './pitch-run.ts';
import type { IdeaView, PitchRun } from './types.ts';

export interface MyIdeas {
  participant: PitchParticipant;
  /** Ideas can be submitted and changed until the session starts. */
  canEdit: boolean;
  idea: IdeaView | null;
  ideasCount: number;
  run: PitchRun;
  /** People who gave feedback on the registrant's idea. */
  respondents: number;
}

/** The registrant's pitch-session state; null unless they have a confirmed seat in one. */
export async function getMyIdeas(db: Db, registrationId: number, now: Date): Promise<MyIdeas | null> {
  const participant = await findPitchParticipant(db, registrationId);
  if (participant?.status !== 'confirmed') return null;
  const [own, ideas, run] = await Promise.all([
    getIdeaOf(db, registrationId),
    listSessionIdeas(db, participant.sessionId),
    getPitchRun(db, participant.sessionId),
  ]);
  const idea = own && own.sessionId === participant.sessionId ? own : null;
  return {
    participant,
    canEdit: now < participant.sessionStartsAt,
    idea,
    ideasCount: ideas.length,
    run,
    respondents: idea ? await countRespondents(db, idea.id) : 0,
  };
}
