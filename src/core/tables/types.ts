// Types of the co-creation table planner: what goes in (participants, challenges, tables, rounds)
// and what comes out (a plan with its numbers next to bounds computed from the input alone).

/** One person to seat. `challenges` are challenge ids, best first, at most three. */
export interface Participant {
  id: string;
  role: string;
  /** Empty when unknown: such people never count as an organisation clash. */
  organization: string;
  challenges: string[];
  /** A table (numbered from 1) for every round, or one table number or null per round. */
  fixedTable?: number | (number | null)[];
}

export interface Challenge {
  id: string;
  title: string;
}

/** Either `tables` (how many) or `tableSize` (at most this many at a table) must be given. */
export interface PlanInput {
  tables?: number;
  tableSize?: number;
  rounds: number;
  participants: Participant[];
  challenges: Challenge[];
  /** Time budget for the search in seconds (only used when a clock is passed in). */
  seconds?: number;
}

export interface PlanTable {
  /** Numbered from 1. */
  table: number;
  /** The challenge this table works on; null only when there are no challenges at all. */
  challenge: string | null;
  members: string[];
}

export interface PlanRound {
  tables: PlanTable[];
}

/** A figure where smaller is better, next to the best value no plan can beat. */
export interface LowerBounded {
  value: number;
  lowerBound: number;
}

/** A share (0…1) where larger is better, next to the best share no plan can beat. */
export interface UpperBounded {
  value: number;
  upperBound: number;
}

export interface Metrics {
  /** How far tables fall outside floor/ceiling of each role's fair share, summed over tables, roles and rounds. */
  roleExcess: LowerBounded;
  /** Pairs from the same organisation at one table, summed over tables and rounds. */
  orgPairs: LowerBounded;
  /** Pairs seated together again: a pair together in m rounds counts m − 1. */
  repeatPairs: LowerBounded;
  /** Share of seatings (person × round, among people who ranked challenges) at their first choice. */
  challengeTop1: UpperBounded;
  /** Share of such seatings at one of their ranked (top-3) choices. */
  challengeTop3: UpperBounded;
}

export type Bounds = {
  roleExcess: number;
  orgPairs: number;
  repeatPairs: number;
  challengeTop1: number;
  challengeTop3: number;
};

export interface Plan {
  rounds: PlanRound[];
  metrics: Metrics;
}

/** What a re-plan at the door returns: the plan, and who had to change table. */
export interface Replan extends Plan {
  moved: {
    /** Seatings (person × round) of people who were in the previous plan and now sit elsewhere. */
    count: number;
    participants: string[];
  };
}

export interface PlanOptions {
  seed: number;
  /** A clock in milliseconds (e.g. performance.now); without it only the step budget limits the search. */
  now?: () => number;
  /** Multiplies the number of search steps (default 1). */
  effort?: number;
}

/** A problem with the input, naming the participant (index into `participants`) where there is one. */
export interface InputProblem {
  participant?: number;
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; problems: InputProblem[] };
