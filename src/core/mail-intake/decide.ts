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
  /** The sender cancels themselves and the others named, all on the sender's address ("vi må
   * melde oss av begge to"). The mailbox connection checks that nobody else is on that address. */
  cancelsAllOwn?: boolean;
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
    // A thank-you for the confirmation asks for nothing; anything odd about it still goes to a person.
    if (verdict?.reason?.code === 'thanks_only' && reasons.length === 1)
      return { decision: 'ignore', confidence: 0.85, reasons };
    if (reasons.length === 0) reasons.push({ code: 'not_a_signup' });
    return { decision: 'review', confidence: 0.5, reasons };
  }
  const people = input.people;
  if (verdict?.tentative) reasons.push({ code: 'tentative' });
  if (input.kind === 'change') return decideChange(input, reasons);
  if (input.kind === 'cancellation') {
    const allOwn = input.cancelsAllOwn === true && (people?.people.length ?? 0) > 1;
    if (!input.cancelsOwn && !allOwn) reasons.push({ code: 'cancels_others' });
    if (people && people.people.length !== 1 && !allOwn) reasons.push({ code: 'several_people' });
    if (reasons.length > 0)
      return { decision: 'review', confidence: round(Math.max(0.3, 0.85 - 0.1 * reasons.length)), reasons };
    return {
      decision: 'accept',
      confidence: allOwn ? 0.9 : 0.95,
      reasons: [{ code: allOwn ? 'cancels_all_own' : 'cancels_own' }],
    };
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

/**
 * A change is made alone only when it is the sender's own registration and asks for one thing:
 * a new afternoon choice, a new role or a need to add. The mailbox connection then changes it by
 * the same rules as the personal link (open registration, capacity), and a full session or a
 * sender without a registration sends it to review after all.
 */
function decideChange(input: DecisionInput, reasons: IntakeReason[]): DecisionResult {
  if (input.verdict?.questionBesideChange) reasons.push({ code: 'asks_question' });
  const people = input.people?.people ?? [];
  const person = people.length === 1 ? people[0]! : null;
  if (people.length > 1) reasons.push({ code: 'several_people' });
  if (input.people?.onBehalf) reasons.push({ code: 'change_for_others' });
  if (person) {
    const asked = [person.session, person.role, person.needs].filter((v) => v !== null).length;
    if (asked === 0) reasons.push({ code: 'change_unclear' });
    if (asked > 1 && !input.people?.onBehalf) reasons.push({ code: 'several_changes' });
    if (!person.email) reasons.push({ code: 'no_address' });
  } else if (people.length === 0) reasons.push({ code: 'change_unclear' });
  if (reasons.length > 0)
    return { decision: 'review', confidence: round(Math.max(0.3, 0.8 - 0.1 * reasons.length)), reasons };
  const confidence = person!.sessionVia === 'order' ? 0.86 : 0.9;
  return { decision: 'accept', confidence, reasons: [{ code: 'changes_own' }] };
}
