// Roles in people's own words (Bokmål, Nynorsk, English) → the event's role codes. Only the
// indefinite singular counts as a self-description ("jeg er ordfører"); the definite form names
// someone else ("ordføreren vår"), the plural describes a group ("vi er begge forskere"). Job titles
// that only mean "municipal employee" inside a municipality (rådgiver, konsulent, enhetsleder …)
// need a municipality nearby; a county (fylkeskommune) is not one.
import { looksLikeOrganization } from './details.ts';
import { maskAddresses, normalize } from './mail-text.ts';
import { wordRe } from './words.ts';

export type RoleCode =
  | 'politician'
  | 'researcher'
  | 'municipal_employee'
  | 'citizen'
  | 'volunteer'
  | 'business'
  | 'other';

interface RoleEntry {
  /** Regular expression source matched on normalised (lower-case) text, without boundaries. */
  pattern: string;
  role: RoleCode;
  /** A plural form: describes the writer only in "vi er begge …", "we are both …". */
  plural?: boolean;
  /** A job title that means municipal employee only with a municipality in the context. */
  needsMunicipality?: boolean;
  /** The definite form ("ordføreren vår"): names someone else, the person an assistant books. */
  definite?: boolean;
}

const L = '\\p{L}';

/** The dictionary. Order does not matter: overlapping matches keep the longest. */
export const ROLE_DICTIONARY: RoleEntry[] = [
  // politician
  { pattern: '(?:vara)?ordf[øo]r(?:er|ar)', role: 'politician' },
  { pattern: '(?:vara)?ordf[øo]r(?:ere|arar)', role: 'politician', plural: true },
  { pattern: 'fylkesordf[øo]r(?:er|ar)', role: 'politician' },
  {
    pattern: '(?:kommunestyre|bystyre|fylkestings?|stortings|formannskaps)(?:representant|medlem)',
    role: 'politician',
  },
  { pattern: '(?:kommunestyre|bystyre|fylkestings?|stortings)representantar', role: 'politician', plural: true },
  {
    pattern: `(?:sitter|sit|gruppeleder|gruppeleiar|medlem|varamedlem|vararepresentant|representant|folkevalgt|folkevald)\\b[^.!?\\n]{0,50}?\\b(?:i|av) (?:kommunestyret|formannskapet|fylkestinget|bystyret|stortinget|heradsstyret)`,
    role: 'politician',
  },
  { pattern: '(?:lokal)?politik(?:er|ar)', role: 'politician' },
  { pattern: '(?:lokal)?politik(?:ere|arar)', role: 'politician', plural: true },
  { pattern: 'folkevalgt|folkevald', role: 'politician' },
  { pattern: 'folkevalgte|folkevalde', role: 'politician', plural: true },
  { pattern: '(?:deputy )?mayor', role: 'politician' },
  { pattern: '(?:city |municipal |county )?council(?:l)?or', role: 'politician' },
  { pattern: '(?:member of the |a member of the )(?:city |municipal |county )?council', role: 'politician' },
  { pattern: 'politician|elected representative', role: 'politician' },
  { pattern: 'politicians', role: 'politician', plural: true },
  // researcher
  { pattern: `(?:senior|hoved|forsker |forskar )?forsk(?:er|ar)(?: (?:i|1|2|ii))?`, role: 'researcher' },
  { pattern: `(?:senior)?forsk(?:ere|arar)`, role: 'researcher', plural: true },
  { pattern: '(?:doktorgrads)?stipendiat', role: 'researcher' },
  { pattern: 'stipendiater|stipendiatar', role: 'researcher', plural: true },
  { pattern: 'postdoktor|postdoc|post-doc|postdoktorstipendiat', role: 'researcher' },
  { pattern: '(?:første|fyrste)?amanuensis|professor(?: emerita| emeritus| ii)?|dosent', role: 'researcher' },
  { pattern: 'professorer|professorar', role: 'researcher', plural: true },
  { pattern: '(?:universitets|høgskole|høyskole|første|fyrste)lektor', role: 'researcher' },
  {
    pattern:
      'ph\\.? ?d\\.?(?:-| )?(?:kandidat|candidate|student|fellow)|doktorgradskandidat|doctoral (?:candidate|student)',
    role: 'researcher',
  },
  {
    pattern: '(?:senior )?research(?:er| scientist| fellow| professor)|(?:associate|assistant|full) professor',
    role: 'researcher',
  },
  { pattern: 'researchers|research scientists|phd candidates', role: 'researcher', plural: true },
  // municipal employee
  { pattern: 'kommuneansatt|kommunalt ansatt|kommunetilsett|kommunalt tilsett', role: 'municipal_employee' },
  { pattern: 'kommuneansatte|kommunetilsette', role: 'municipal_employee', plural: true },
  {
    pattern: `(?:ansatt|tilsett|jobber|jobbar|arbeider|arbeider|arbeidar|jobbet) (?:i|hos|for) (?:${L}+ )?kommunen?\\b`,
    role: 'municipal_employee',
  },
  { pattern: 'kommunalsjef|kommunedirektør|kommunedirektor|rådmann', role: 'municipal_employee' },
  { pattern: '(?:vara)?ordf[øo]r(?:eren|aren)', role: 'politician', definite: true },
  { pattern: 'kommunedirektøren|rådmannen|kommunalsjefen', role: 'municipal_employee', definite: true },
  {
    pattern: 'municipal employee|(?:work|working|employed) (?:for|at|in) (?:the|a) municipality',
    role: 'municipal_employee',
  },
  {
    pattern:
      '(?:senior|spesial|fag|plan|nærings|kultur|folkehelse)?r[åa]dg(?:iver|ivar|jevar)|konsulent|saksbehandler|sakshandsamar|enhetsleder|einingsleiar|avdelingsleder|avdelingsleiar|virksomhetsleder|verksemdsleiar|seksjonsleder|planlegger|arealplanlegger|folkehelsekoordinator|frivillighetskoordinator|helsesykepleier|helsesjukepleiar|kultursjef|oppvekstsjef|helsesjef|økonomisjef|prosjektleder|prosjektleiar|spesialkonsulent',
    role: 'municipal_employee',
    needsMunicipality: true,
  },
  // citizen
  { pattern: 'innbygger|innbyggjar|privatperson|resident|citizen|local resident', role: 'citizen' },
  { pattern: 'innbyggere|innbyggjarar|residents|citizens', role: 'citizen', plural: true },
  { pattern: '(?:kommer|kjem|deltar|møter) (?:her )?privat', role: 'citizen' },
  // volunteer
  {
    pattern: 'frivillig|frivilig|frivilling|friviljug|frivilleg|volunteer|besøksvenn|dugnadsarbeider',
    role: 'volunteer',
  },
  { pattern: 'frivillige|friviljuge|volunteers', role: 'volunteer', plural: true },
  // business
  {
    pattern:
      'daglig leder|dagleg leiar|næringslivsaktør|næringsdrivende|næringsdrivande|bedriftseier|bedriftseigar|gründer|grunder|innehaver|innehavar|selvstendig næringsdrivende|sjølvstendig næringsdrivande',
    role: 'business',
  },
  { pattern: 'næringslivsaktører|næringslivsaktørar|næringsdrivende', role: 'business', plural: true },
  {
    pattern: `driv(?:er)? (?:et|eit|en|ein|eget|eige|mitt|min) (?:lite |lita |eget |eige )?${L}*(?:firma|kontor|selskap|bedrift|butikk|verksted|verkstad|foretak|føretak)`,
    role: 'business',
  },
  {
    pattern: 'ceo|managing director|business owner|entrepreneur|company owner|owner of (?:a|the) (?:company|business)',
    role: 'business',
  },
  // other (students, press)
  { pattern: '(?:master|bachelor|phd-)?student|masterstudent|bachelorstudent|journalist', role: 'other' },
  { pattern: 'studenter|studentar|students', role: 'other', plural: true },
];

export interface RoleMention {
  role: RoleCode;
  index: number;
  end: number;
  text: string;
  plural: boolean;
  /** Introduced by "som", "as", "Rolle:", "i egenskap av", "kommer som:" — the writer names the role. */
  explicit: boolean;
  negated: boolean;
  /** Directly followed by a capitalised name in the original text ("ordfører Anders Vikan"). */
  titleOfName: string | null;
  /** The definite form: someone else ("ordføreren vår"). */
  definite: boolean;
}

const COMPILED = ROLE_DICTIONARY.map((entry) => ({
  entry,
  re: new RegExp(`(?<![\\p{L}\\d-])(?:${entry.pattern})(?![\\p{L}\\d])`, 'gu'),
}));

const EXPLICIT_BEFORE = wordRe(
  /(?:\bsom|\bas an?|\bas|\bi egenskap av|\bin my capacity as|\brolle\s*:|\brole\s*:|\bkommer som\s*:|\bmeg opp som|\bmeg på som)\s*(?:en |ein |ei |a |an )?(?:vanlig |vanleg |ordinary |interessert |engasjert )?"?\s*$/,
);
const NEGATION_BEFORE = wordRe(
  /(?:\bikke|\bikkje|\bnot|\bno longer|\bingen|\btidligere|\btidlegare|\bforhenværende|\bpensjonert|\bformer|\bretired|\bex-?)\s*(?:\p{L}+\s+){0,2}$/u,
);
/** "gift med en forsker", "nyttig for en politiker": the role of someone the writer talks about. */
const OBJECT_BEFORE = wordRe(
  /(?:\bmed|\btil|\bfor|\bhos|\bfra|\bfrå|\bom|\bwith|\bto|\bof|\babout)\s+(?:en|ein|ei|et|eit|a|an|the|vår|vårt|min|mi|mitt|our|my)\s+$/u,
);

/** Every role mention in `text` (original casing kept for names). */
export function findRoleMentions(text: string): RoleMention[] {
  const source = normalize(maskAddresses(text));
  const found: RoleMention[] = [];
  for (const { entry, re } of COMPILED) {
    re.lastIndex = 0;
    for (const m of source.matchAll(re)) {
      const index = m.index ?? 0;
      const before = source.slice(Math.max(0, index - 40), index);
      const after = text.slice(index + m[0].length, index + m[0].length + 60);
      const name = /^,?\s+((?:\p{Lu}[\p{Ll}\p{M}]+(?:-\p{Lu}[\p{Ll}\p{M}]+)?\s?){1,4})/u.exec(after);
      found.push({
        role: entry.role,
        index,
        end: index + m[0].length,
        text: m[0],
        plural: entry.plural === true,
        explicit: EXPLICIT_BEFORE.test(before),
        negated: NEGATION_BEFORE.test(before) || (OBJECT_BEFORE.test(before) && !EXPLICIT_BEFORE.test(before)),
        titleOfName: titleOf(name?.[1], after),
        definite: entry.definite === true,
      });
      if (entry.needsMunicipality) found[found.length - 1]!.role = 'municipal_employee';
    }
  }
  // Keep the longest of overlapping matches ("phd student" over "student").
  found.sort((a, b) => a.index - b.index || b.end - b.index - (a.end - a.index));
  const kept: RoleMention[] = [];
  for (const mention of found) {
    const last = kept[kept.length - 1];
    if (last && mention.index < last.end) continue;
    kept.push(mention);
  }
  return kept;
}

/** The full personal name a title stands before ("ordfører Anders Vikan"), not an organisation. */
function titleOf(candidate: string | undefined, after: string): string | null {
  if (!candidate || /^,/.test(after)) return null;
  const name = candidate.trim();
  const next = after.slice(after.indexOf(name) + name.length, after.indexOf(name) + name.length + 20);
  if (name.split(/\s+/).length < 2 || looksLikeOrganization(`${name}${next}`)) return null;
  return name;
}

const NEEDS_MUNICIPALITY = new RegExp(
  `^(?:${ROLE_DICTIONARY.filter((e) => e.needsMunicipality)
    .map((e) => e.pattern)
    .join('|')})$`,
  'u',
);

/** Whether the mention is a job title that needs a municipality around it. */
export function needsMunicipality(mention: RoleMention): boolean {
  return NEEDS_MUNICIPALITY.test(mention.text);
}

/** A municipality (not a county municipality) is named in the text. */
export function mentionsMunicipality(text: string): boolean {
  return wordRe(/(?<!fylkes)(?<![\p{L}])kommunen?s?\b|(?<![\p{L}])kommunen\b|municipality/u).test(normalize(text));
}

/** The role labels of the event as extra dictionary words ("Politiker" → politician). */
export function roleFromLabel(text: string, roles: { code: string; label: string }[]): string | null {
  const t = normalize(text).replace(/["']/g, '').trim();
  for (const role of roles) if (normalize(role.label) === t || role.code === t) return role.code;
  const mentions = findRoleMentions(text).filter((m) => !m.negated);
  const distinct = [...new Set(mentions.map((m) => m.role))];
  return distinct.length === 1 ? distinct[0]! : null;
}
