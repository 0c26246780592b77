// JavaScript's \b only knows ASCII letters: /\bpå\b/ never matches "på". Every rule that needs a
// word boundary goes through wordRe, which swaps \b for a boundary that knows æ, ø, å, á, đ, ŋ …

const BOUNDARY =
  '(?:(?<![\\p{L}\\p{M}\\p{N}_])(?=[\\p{L}\\p{M}\\p{N}_])|(?<=[\\p{L}\\p{M}\\p{N}_])(?![\\p{L}\\p{M}\\p{N}_]))';

/** The regular expression with \b made Unicode-aware (and the u flag set). */
export function wordRe(re: RegExp): RegExp {
  const flags = re.flags.includes('u') ? re.flags : `${re.flags}u`;
  return new RegExp(re.source.replace(/\\b/g, BOUNDARY), flags);
}
