// Organisation and needs in people's own words. Best effort: these fields are shown to the
// organiser and never decide whether a message is accepted.
import { normalize, sentences } from './mail-text.ts';
import { wordRe } from './words.ts';

const ORG_WORDS = wordRe(
  /\b(?:kommune|fylkeskommune|universitet|university|høgskole|høgskolen|høgskule|høgskulen|hogskole|as|asa|sa|ba|ans|frivilligsentral|frivilligsentralen|sanitetsforening|sanitetslag|sanitetskvinnene|røde kors|idrettslag|husflidslag|lag|forening|foreningen|senter|sentret|senteret|forum|gård|gard|ntnu|sintef|nibio|nord|norce|forskning|forsking|institutt|fakultet|college|office|department|digital|allaskuvla|helse|ks|nordlandsforskning|gardsbutikk)\b/i,
);

/** Words that make a capitalised sequence an organisation rather than a person. */
export function looksLikeOrganization(text: string): boolean {
  return ORG_WORDS.test(text) || wordRe(/\b(?:AS|ASA|SA)\b/).test(text);
}

const ORG_IN_TEXT = wordRe(
  /(?:\b(?:i|ved|hos|fra|frå|for|at|of|from|in)\s+(?:the\s+)?)((?:\p{Lu}[\p{L}\p{M}'’-]*|og|i|på|for|av)(?:\s+(?:\p{Lu}[\p{L}\p{M}'’-]*|og|i|på|for|av|\/)){0,6})/gu,
);

function cleanOrg(text: string): string | null {
  const trimmed = text
    .replace(/\s+(?:og|i|på|for|av|\/)$/u, '')
    .replace(/\s+(?:og|i|på|for|av|\/)$/u, '')
    .replace(/[.,;:)(]+$/, '')
    .trim();
  if (trimmed.length < 2 || !looksLikeOrganization(trimmed)) return null;
  return trimmed;
}

/** The organisation a person names in their text or signature. */
export function findOrganization(text: string, signature: string[]): string | null {
  // "…, Frosta kommune" in a signature line wins: it is written as an affiliation.
  for (const line of signature.slice(1)) {
    if (/\d{3}|@|www\.|https?:/.test(line)) continue;
    const lastPart = line
      .split(/,|\s[|–-]\s/)
      .pop()!
      .trim();
    const org = cleanOrg(lastPart);
    if (org) return org;
  }
  for (const sentence of sentences(text)) {
    for (const m of sentence.matchAll(ORG_IN_TEXT)) {
      const org = cleanOrg(m[1]!);
      if (org) return org;
    }
    const company = wordRe(/((?:\p{Lu}[\p{L}\p{M}'’-]*\s+){1,4}(?:AS|ASA|SA))\b/u).exec(sentence);
    if (company) return company[1]!.trim();
  }
  return null;
}

const NEEDS =
  /(?:allergi|allergisk|allergy|allergic|nøtt|nøtter|peanøtt|gluten|cøliaki|coeliac|celiac|laktose|lactose|vegetar|veganer|vegan|halal|kosher|diett|diet|intoleran|rullestol|wheelchair|rullator|teleslynge|hørsel|hører dårlig|høyrer dårleg|hearing|tolk|tegnspråk|interpreter|synshemm|svaksynt|blind|førerhund|guide dog|tilrettelegging|tilrettelegg|tilgjenge|tilgjengeleg|trapper|går dårlig|bevegelseshemm|assistent|ledsager|pustevansker|epilepsi|diabet)/i;
const NO_NEEDS =
  /^(?:[-–—]|ingen|nei|none|no|n\/a|ikke relevant|ikkje relevant|ingen spesielle behov|ingen allergier|no special needs)\.?$/i;

/** Needs in the person's words (diet, access, hearing …), or null. */
export function findNeeds(text: string): string | null {
  const found: string[] = [];
  for (const sentence of sentences(text)) {
    if (!NEEDS.test(sentence)) continue;
    if (/\?$/.test(sentence)) continue;
    if (wordRe(/\bingen\b[^.]{0,20}\b(?:behov|allergier)|\bno special needs\b/i).test(sentence)) continue;
    found.push(sentence.replace(/^(?:nb|ps|p\.s\.)\s*:\s*/i, '').replace(/\s+/g, ' '));
  }
  const joined = found.join(' ').trim();
  return joined === '' ? null : joined.slice(0, 300);
}

/** A needs field value from a form ("–" and "Ingen" mean none). */
export function needsFromField(value: string): string | null {
  const v = value.trim();
  return v === '' || NO_NEEDS.test(normalize(v)) ? null : v;
}
