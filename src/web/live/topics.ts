// Topics of the research-idea clinic's live views, shared by the routes that publish and stream
// them and by the scheduler, which finishes runs left going (src/mail/scheduler.ts).

/** Everything a pitch session's board shows (run state and scores): projector and control view. */
export function topicOfPitchBoard(sessionId: number): string {
  return `pitches:${sessionId}`;
}

/** Only the run state (which pitch, which phase): what the phones' status line shows. */
export function topicOfPitchRun(sessionId: number): string {
  return `pitchrun:${sessionId}`;
}

/** What to publish when a session's run changed (started, stepped, finished). */
export function pitchRunTopics(sessionId: number): string[] {
  return [topicOfPitchBoard(sessionId), topicOfPitchRun(sessionId)];
}
