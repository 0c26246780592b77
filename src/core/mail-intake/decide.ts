// Whether the mailbox connection may act alone. Precision first: a registration is accepted only
// when every person, role and session is clear and nothing about the message is odd; every doubt
// becomes a reason and sends the message to a human.
import type { KindVerdict, MachineVerdict } from './classify.ts';
import type { PeopleFinding } from './people.ts';
import { about, type IntakeReason, reasonText } from './reasons.ts';

export type Decision = 'accept' | 'review' | 'ignore';

export interface DecisionInput {
  kind: 'registration' | 'cancellation' | 'change' | 'other';
  machine: MachineVerdict | null;
  verdict: KindVerdict | null;
  people: PeopleFinding | null;
  /** Broken MIME, active content, an attachment that carries the details … */
  messageDoubts: IntakeReason[];
  late: IntakeReason | null;
  /** The cancellation is about the sender alone ("jeg må melde meg av"). */
  cancelsOwn: boolean;
}

export interface DecisionResult {
  decision: Decision;
  confidence: number;
  reasons: IntakeReason[];
}

const round = (n: number) => Math.round(n * 100) / 100;

/** The decision, its confidence (0..1) and the reasons a human would want to see. */
export function decide(input: DecisionInput): DecisionResult {
  if (input.machine) {
    return { decision: 'ignore', confidence: input.machine.confidence, reasons: [input.machine.reason] };
  }
  const reasons: IntakeReason[] = [];
  const verdict = input.verdict;
  if (verdict?.reason) reasons.push(verdict.reason);
  reasons.push(...input.messageDoubts);
  if (input.kind === 'other') {
    if (reasons.length === 0) reasons.push({ code: 'not_a_signup' });
    return { decision: 'review', confidence: 0.5, reasons };
  }
  if (input.kind === 'change') {
    reasons.unshift({ code: 'change_to_review' });
    return { decision: 'review', confidence: 0.6, reasons };
  }
  const people = input.people;
  if (verdict?.tentative) reasons.push({ code: 'tentative' });
  if (input.kind === 'cancellation') {
    if (!input.cancelsOwn) reasons.push({ code: 'cancels_others' });
    if (people && people.people.length !== 1) reasons.push({ code: 'several_people' });
    if (reasons.length > 0)
      return { decision: 'review', confidence: round(Math.max(0.3, 0.85 - 0.1 * reasons.length)), reasons };
    return { decision: 'accept', confidence: 0.95, reasons: [{ code: 'cancels_own' }] };
  }
  // Registration.
  if (input.late) reasons.push(input.late);
  if (verdict?.question) reasons.push({ code: 'asks_question' });
  if (!people || people.people.length === 0) reasons.push({ code: 'nobody_to_register' });
  if (people) {
    reasons.push(...people.doubts);
    for (const person of people.people) {
      for (const doubt of person.doubts) reasons.push(about(doubt, person.name));
      if (!person.email) reasons.push({ code: 'no_address' });
    }
  }
  // The same reason twice (as its text) counts once.
  const unique = [...new Map(reasons.map((r) => [reasonText(r), r])).values()];
  if (unique.length > 0) {
    const known = people?.people.filter((p) => p.role && p.session && p.name).length ?? 0;
    const total = people?.people.length ?? 0;
    const share = total === 0 ? 0 : known / total;
    return {
      decision: 'review',
      confidence: round(Math.min(0.85, 0.35 + 0.4 * share + (unique.length === 1 ? 0.1 : 0))),
      reasons: unique,
    };
  }
  const vias = people!.people.map((p) => p.sessionVia);
  let confidence = 0.97;
  if (vias.some((v) => v === 'words')) confidence -= 0.02;
  if (vias.some((v) => v === 'order')) confidence -= 0.04;
  if (people!.onBehalf) confidence -= 0.02;
  if (people!.people.length > 1) confidence -= 0.02;
  const accepted: IntakeReason = { code: people!.onBehalf ? 'all_clear_on_behalf' : 'all_clear' };
  return { decision: 'accept', confidence: round(confidence), reasons: [accepted] };
}
