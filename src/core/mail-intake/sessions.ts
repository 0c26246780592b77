// The afternoon choice in people's own words, read against the event's own sessions: their codes
// ("2A", "2 a", "DEL 2B", "sesjon A"), the words of their titles and aliases ("møteplassen",
// "workshopen om forskningssøknader", "samskaping-verkstedet"), their order ("den første av de
// to") and "only the morning" (session 'none'). Negated mentions ("ikke forskningsworkshopen")
// and mentions in a clause about something read ("jeg leste om workshopen") do not count.
import { maskAddresses, normalize } from './mail-text.ts';
import type { IntakeReason } from './reasons.ts';
import { wordRe } from './words.ts';

export interface SessionInfo {
  code: string;
  title: string;
  aliases?: string[];
}

export type SessionVia = 'code' | 'words' | 'order' | 'none';

export interface SessionMention {
  /** A session code or 'none'. */
  session: string;
  via: SessionVia;
  /** The clause the mention is in. */
  clause: string;
  negated: boolean;
  /** After "til", "to", "heller", "mente", "switch to": the session asked for in a change. */
  target: boolean;
  /** After "fra", "påmeldt", "skrev", "registered for": the session someone is leaving. */
  source: boolean;
  /** In a clause that offers a choice between sessions ("2A eller 2B", "både 2A og 2B"). */
  undecided: boolean;
}

const STOP = new Set(
  'og i la oss gjøre gjere det sammen om for the and of med på til en ein et eit av fra frå som er del sesjon session'.split(
    ' ',
  ),
);

/** Nynorsk and English words as the Bokmål stems the titles use. */
const PHRASES: [RegExp, string][] = [
  [wordRe(/\bforsking/g), 'forskning'],
  [/verkstad/g, 'verksted'],
  [wordRe(/\bløyse\b/g), 'løse'],
  [wordRe(/\bmeeting ?places?\b/g), 'møteplass'],
  [wordRe(/\bco-?creation\b/g), 'samskaping'],
  [wordRe(/\b(?:research|grant|funding) (?:applications?|proposals?)\b/g), 'forskningssøknad'],
  [wordRe(/\bresearch application workshop\b/g), 'forskningssøknad workshop'],
  [wordRe(/\bsocietal impact\b/g), 'samfunnsnytte'],
  [wordRe(/\binnovation\b/g), 'innovasjon'],
  [wordRe(/\blecture\b/g), 'forelesning'],
  [wordRe(/\bknots?\b|\btangles?\b/g), 'floker'],
];

/** Generic words that name a part of a programme; the word before them in a compound decides. */
const HEADS = ['workshop', 'verksted', 'sesjon', 'økt', 'møteplass', 'del', 'gruppe', 'spor', 'bolk', 'forelesning'];
/** Words that name the whole event: a compound with them is about the seminar, not a session. */
const EVENT_HEADS = ['seminar', 'konferanse', 'dagsseminar', 'fagdag', 'arrangement', 'samling'];
/** Words that mean the same programme part. */
const SYNONYMS: Record<string, string> = { verksted: 'workshop' };

/** The word as the stem rules compare it. */
export function stem(word: string): string {
  let w = normalize(word).replace(/[^\p{L}\d]/gu, '');
  for (const [re, to] of PHRASES) w = w.replace(re, to);
  for (const ending of ['ene', 'ane', 'er', 'ar', 'en', 'et', 'a', 'e']) {
    if (w.endsWith(ending) && w.length - ending.length >= 4) return w.slice(0, -ending.length);
  }
  return w;
}

function words(text: string): string[] {
  return normalize(text)
    .split(/[^\p{L}\d]+/u)
    .filter((w) => w.length >= 4 && !STOP.has(w))
    .map(stem);
}

/** Words that describe a session concept; an alias is made of those found in only one session. */
const CONCEPTS = [
  'workshop',
  'verksted',
  'forelesning',
  'møteplass',
  'floker',
  'gruppearbeid',
  'pitch',
  'forskningsidé',
  'forskningside',
  'søknad',
  'dialog',
  'panel',
  'kafé',
  'fasilitert',
  'impact',
  'samfunnsnytte',
  'innovasjon',
];

/** Aliases for each session from its title and description: concept words only it has. */
export function sessionAliases(sessions: { code: string; title: string; description?: string }[]): string[][] {
  const texts = sessions.map((s) => `${s.title} ${s.description ?? ''}`);
  const has = (text: string, concept: string) => {
    const c = stem(concept);
    return words(text).some((w) => w === c || w.includes(c));
  };
  return sessions.map((_, i) =>
    CONCEPTS.filter((concept) => has(texts[i]!, concept) && texts.every((t, j) => j === i || !has(t, concept))),
  );
}

interface Keyword {
  stem: string;
  /** Also a word of the event's own title ("samskaping"): only counts inside a compound with a head. */
  weak: boolean;
}

function keywordsOf(session: SessionInfo, eventWords: Set<string>): Keyword[] {
  const all = [...words(session.title), ...(session.aliases ?? []).flatMap((a) => words(a).concat(stem(a)))];
  const unique = [...new Set(all)].filter((w) => w.length >= 4 && !/^\d/.test(w));
  return unique.map((w) => ({ stem: SYNONYMS[w] ?? w, weak: eventWords.has(w) }));
}

function matches(token: string, keyword: string): boolean {
  if (token === keyword) return true;
  // The last part of a compound joined with -s- ("søknad" in "forskningssøknad", "nytte" in
  // "samfunnsnytte"), not any ending ("lesning" is not "forelesning").
  if (token.length >= 5 && keyword.endsWith(token) && /.{3}[s-]$/.test(keyword.slice(0, -token.length))) return true;
  if (token.length >= 6 && keyword.startsWith(token) && token.length >= keyword.length * 0.6) return true;
  if (keyword.length >= 6 && token.startsWith(keyword) && keyword.length >= token.length * 0.6) return true;
  return false;
}

function escapeRe(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Regular expressions for a session code: "2A" also as "2 a", "2-A", "DEL 2A", and "sesjon A" when
 * every code shares the same leading digits. */
function codePatterns(code: string, all: string[]): RegExp[] {
  const m = /^(\d+)\s*([a-z])$/i.exec(code);
  if (!m) {
    const c = escapeRe(normalize(code.trim()));
    // A code like "A" or "2" is also a word or a number ("a", "2 personer"): only with a session word.
    if (c.length < 2 || /^\d+$/.test(c))
      return [
        new RegExp(
          `(?<![\\p{L}\\d])(?:sesjon|sesjonen|session|parallell|parallellsesjon|gruppe|spor|track|økt|del)\\s+${c}(?![\\p{L}\\d])`,
          'gu',
        ),
        new RegExp(`(?<![\\p{L}\\d])${c}-(?:sesjonen|sesjon|session|gruppa|gruppen|sporet)(?![\\p{L}])`, 'gu'),
      ];
    return [new RegExp(`(?<![\\p{L}\\d])${c}(?![\\p{L}\\d])`, 'gu')];
  }
  const [, digits, letter] = m;
  const patterns = [new RegExp(`(?<![\\p{L}\\d])${digits}\\s?[-.]?\\s?${letter!.toLowerCase()}(?![\\p{L}\\d])`, 'gu')];
  const sharedDigits = all.every((c) => new RegExp(`^${digits}\\s*[a-z]$`, 'i').test(c));
  if (sharedDigits) {
    const l = letter!.toLowerCase();
    patterns.push(
      new RegExp(
        `(?<![\\p{L}\\d])(?:sesjon|sesjonen|session|parallell|parallellsesjon|gruppe|spor|track|økt)\\s+${l}(?![\\p{L}\\d])`,
        'gu',
      ),
      new RegExp(`(?<![\\p{L}\\d])${l}-(?:sesjonen|sesjon|session|gruppa|gruppen|sporet)(?![\\p{L}])`, 'gu'),
    );
  }
  return patterns;
}

const NONE_PATTERNS = [
  wordRe(
    /\b(?:bare|berre|kun|only|just)\b[^.!?\n]{0,30}?(?:formiddag|fellesdel|felles del|første del|fyrste del|del 1|før lunsj|morning|first part|til lunsj|plenum)/,
  ),
  wordRe(/(?:formiddagen|fellesdelen|morning)\b[^.!?\n]{0,12}\b(?:only|bare|berre)\b/),
  wordRe(
    /\b(?:går|gå|dra|drar|reise|reiser|tilbake|hjem|heim|leave|leaving|droppar|dropper|hoppar over|hopper over)\b[^.!?\n]{0,30}?(?:etter lunsj|after lunch|i ettermiddag|ettermiddagen|the afternoon)/,
  ),
  wordRe(/\b(?:droppar|dropper|dropping|skip|skipper|skippar)\b\s+(?:\d\s?[a-z]|ettermiddagen|the afternoon)/),
  wordRe(/\b(?:ikke|ikkje|not)\b[^.!?\n]{0,20}?\b(?:etter lunsj|after lunch|the afternoon|i ettermiddag)/),
];

const UNDECIDED = wordRe(
  /\b(?:usikker|unsure|not sure|undecided|ikke (?:helt )?bestemt|ikkje (?:heilt )?bestemt|not (?:yet )?decided|vet ikke|veit ikkje|kanskje|maybe|perhaps|foreløpig|førebels|trolig|truleg|sannsynligvis|probably|ønsker nok|vil nok)\b/,
);
const NEGATION = wordRe(/\b(?:ikke|ikkje|not|never|aldri|verken|neither|nor|no)\b/);
const INFORMATIONAL = wordRe(
  /\b(?:leste|lest|les|hørt|hørte|høyrt|så|read|heard|saw)\b(?:\s+\p{L}+){0,2}\s+(?:om|about)\b/u,
);
const TARGET = wordRe(
  /\b(?:til|to|heller|mente|meant|instead|i staden|i stedet|isteden|istedenfor|over til|switch to|change to|bytte til|byte til)\b[^.!?\n]{0,40}$/,
);
/** "til 2A i stedet for 2B": what comes right after "i stedet for" is left, not asked for. */
const INSTEAD_OF = wordRe(
  /\b(?:i stedet for|i staden for|istedenfor|isteden for|istadenfor|instead of|rather than|framfor|fremfor)\s+(?:\S+\s+){0,2}$/u,
);
const SOURCE = wordRe(
  /\b(?:fra|frå|from|påmeldt|påmeld|påmelde|registered for|signed up for|meldte meg på|skrev|wrote|er med på|står på|stays|blir i|forblir|dropper|droppar|dropping|drop|hopper over|hoppar over|skipping|skip)\b[^.!?\n]{0,25}$/,
);

function clauses(text: string): string[] {
  return text
    .split(wordRe(/(?<=[.!?;:])\s+|\n+|\s[-–]\s|,\s*(?=men\b|but\b|så\b|og\b)|\s(?=men\s|but\s)/u))
    .map((c) => c.trim())
    .filter((c) => c !== '');
}

/** Every mention of a session (or of "only the morning") in `text`. */
export function findSessionMentions(
  text: string,
  sessions: SessionInfo[],
  options: { eventTitle: string },
): SessionMention[] {
  const eventWords = new Set(words(options.eventTitle));
  const keywords = sessions.map((s) => keywordsOf(s, eventWords));
  const codes = sessions.map((s) => s.code);
  const patterns = sessions.map((s) => codePatterns(s.code, codes));
  const mentions: SessionMention[] = [];
  const parts = clauses(normalize(maskAddresses(text)));
  for (let ci = 0; ci < parts.length; ci++) {
    let clause = parts[ci]!;
    for (const [re, to] of PHRASES) clause = clause.replace(re, to);
    const next = parts[ci + 1] ?? '';
    const negatedByNext = wordRe(
      /^(?:men |but )?(?:det|dette|that|it)(?:'s| er| is| var| blir)? (?:vel |nok |jo )?(?:ikke|ikkje|not)\b/,
    ).test(next);
    const informational = INFORMATIONAL.test(clause);
    const undecided = UNDECIDED.test(clause);
    const push = (session: string, via: SessionVia, at: number) => {
      const before = clause.slice(0, at);
      mentions.push({
        session,
        via,
        clause,
        negated: NEGATION.test(before) || negatedByNext || informational,
        target: TARGET.test(before) && !INSTEAD_OF.test(before),
        source: (SOURCE.test(before) && !TARGET.test(before)) || INSTEAD_OF.test(before),
        undecided,
      });
    };
    // Codes.
    sessions.forEach((session, i) => {
      for (const re of patterns[i]!) {
        re.lastIndex = 0;
        for (const m of clause.matchAll(re)) push(session.code, 'code', m.index ?? 0);
      }
    });
    // Order: "den første av de to", "the second session", "sistnevnte".
    if (sessions.length >= 2) {
      const first = wordRe(
        /\b(?:den|the) (?:første|fyrste|first)\b[^.!?\n]{0,25}?\b(?:av (?:de|dei) to|sesjon|parallell|of the two|session|etter lunsj|alternativ)|\bførstnevnte\b|\bthe former\b/,
      ).exec(clause);
      const last = wordRe(
        /\b(?:den|the) (?:siste|second|last)\b[^.!?\n]{0,25}?\b(?:av (?:de|dei) to|of the two|sesjon|session|alternativ)|\bden andre av (?:de|dei) to\b|\bsistnevnte\b|\bthe latter\b/,
      ).exec(clause);
      if (first) push(sessions[0]!.code, 'order', first.index);
      if (last) push(sessions[sessions.length - 1]!.code, 'order', last.index);
    }
    // Words of titles and aliases.
    for (const m of clause.matchAll(/[\p{L}\d][\p{L}\d'/-]*/gu)) {
      const token = m[0];
      for (const piece of token.split('/')) {
        const session = sessionOfToken(piece, keywords, sessions);
        if (session) push(session, 'words', m.index ?? 0);
      }
    }
    // Only the morning.
    for (const re of NONE_PATTERNS) {
      const m = re.exec(clause);
      if (m) {
        const before = clause.slice(0, m.index);
        mentions.push({
          session: 'none',
          via: 'none',
          clause,
          negated: false,
          target: TARGET.test(before),
          source: false,
          undecided,
        });
        break;
      }
    }
  }
  return mentions;
}

function sessionOfToken(token: string, keywords: Keyword[][], sessions: SessionInfo[]): string | null {
  const parts = token.split('-').filter((p) => p !== '');
  let head = stem(parts[parts.length - 1] ?? '');
  let qualifiers = parts.slice(0, -1).map(stem);
  // A compound written as one word: "forskningsworkshopen", "samskapingsverkstaden", "samskapingsseminaret".
  if (qualifiers.length === 0) {
    for (const h of [...HEADS, ...EVENT_HEADS]) {
      const i = head.lastIndexOf(h);
      if (i > 2 && i + h.length >= head.length - 3) {
        if (EVENT_HEADS.includes(h)) return null;
        qualifiers = [head.slice(0, i).replace(/s$/, '')];
        head = h;
        break;
      }
    }
  }
  if (EVENT_HEADS.some((h) => head.startsWith(h))) return null;
  const headStem = HEADS.includes(head) ? head : stem(head);
  // The qualifier decides ("samskaping-verkstedet" is the co-creation one, not "the workshop").
  for (const q of qualifiers) {
    if (q.length < 4) continue;
    const hit = uniqueSession(q, keywords, sessions, true);
    if (hit) return hit;
  }
  return uniqueSession(SYNONYMS[headStem] ?? headStem, keywords, sessions, false);
}

function uniqueSession(
  token: string,
  keywords: Keyword[][],
  sessions: SessionInfo[],
  allowWeak: boolean,
): string | null {
  if (token.length < 4) return null;
  const hits = sessions.filter((_, i) => keywords[i]!.some((k) => (allowWeak || !k.weak) && matches(token, k.stem)));
  return hits.length === 1 ? hits[0]!.code : null;
}

export interface SessionChoice {
  /** A session code, 'none' or null. */
  session: string | null;
  reason: IntakeReason | null;
  via: SessionVia | null;
}

/** The one session the mentions point to, or null with the reason. `change` prefers the target. */
export function chooseSession(
  mentions: SessionMention[],
  options: { allowNoSession: boolean; change?: boolean },
): SessionChoice {
  let live = mentions.filter((m) => !m.negated);
  if (options.change) {
    const targets = live.filter((m) => m.target);
    if (targets.length > 0) live = targets;
    else live = live.filter((m) => !m.source);
  } else live = live.filter((m) => !m.source || live.every((o) => o.source));
  if (live.length === 0) return { session: null, reason: { code: 'no_session' }, via: null };
  const distinct = [...new Set(live.map((m) => m.session))];
  if (distinct.length > 1)
    return { session: null, reason: { code: 'several_sessions', sessions: distinct }, via: null };
  const session = distinct[0]!;
  if (live.some((m) => m.undecided) && session !== 'none')
    return { session: null, reason: { code: 'session_undecided' }, via: null };
  if (session === 'none' && !options.allowNoSession)
    return { session: null, reason: { code: 'morning_only' }, via: null };
  const via = live.some((m) => m.via === 'code') ? 'code' : live[0]!.via;
  return { session, reason: null, via };
}
