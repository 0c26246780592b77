// Placeholders in an organiser's message: {name}, {session}, {link} and {event}, filled per
// recipient. Anything else in braces is refused before a message is sent, so that nobody
// receives "Hei {navn}".

export const PLACEHOLDERS = ['name', 'session', 'link', 'event'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const KNOWN = new Set<string>(PLACEHOLDERS);

export interface PlaceholderProblems {
  /** Placeholders written in braces that do not exist, as written ("{navn}"). */
  unknown: string[];
  /** Braces that do not close or open a placeholder ("{link", "name}"). */
  unbalanced: string[];
}

/** What is wrong with the placeholders of `text`; null when nothing is. */
export function placeholderProblems(text: string): PlaceholderProblems | null {
  const unknown: string[] = [];
  const unbalanced: string[] = [];
  // A brace pair with at most 40 characters between, none of them braces or line breaks.
  const pattern = /\{([^{}\n]{0,40})\}/g;
  let last = 0;
  const rest: string[] = [];
  for (const match of text.matchAll(pattern)) {
    rest.push(text.slice(last, match.index));
    last = match.index + match[0].length;
    const name = match[1] ?? '';
    if (!KNOWN.has(name)) unknown.push(match[0]);
  }
  rest.push(text.slice(last));
  // What is left outside the pairs must hold no brace: "{link" or "name}".
  for (const part of rest) {
    for (const m of part.matchAll(/\{[^\s{}]{0,20}|[^\s{}]{0,20}\}/g)) unbalanced.push(m[0]);
  }
  if (unknown.length === 0 && unbalanced.length === 0) return null;
  return { unknown: [...new Set(unknown)], unbalanced: [...new Set(unbalanced)] };
}

/** `text` with each placeholder replaced by its value (the text must have passed placeholderProblems). */
export function fillPlaceholders(text: string, values: Record<Placeholder, string>): string {
  return text.replace(/\{(name|session|link|event)\}/g, (_, name: Placeholder) => values[name]);
}
