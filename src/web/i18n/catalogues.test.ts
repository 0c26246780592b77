import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogues, LANG_NAMES, LANGS } from './index.ts';
import type { Equals, Shape, Widen } from './types.ts';

/** Every text of a catalogue with its path; functions are called with sample arguments. */
function walk(value: unknown, path: string, out: Map<string, unknown>) {
  if (typeof value === 'string' || typeof value === 'function' || Array.isArray(value)) {
    out.set(path, value);
    return;
  }
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) walk(child, `${path}.${key}`, out);
}

function entries(lang: keyof typeof catalogues): Map<string, unknown> {
  const out = new Map<string, unknown>();
  walk(catalogues[lang], lang, out);
  return new Map([...out].map(([k, v]) => [k.slice(lang.length + 1), v]));
}

test('every catalogue has exactly the keys of the Bokmål one, with the same kinds and parameters', () => {
  const nb = entries('nb');
  for (const lang of LANGS) {
    const other = entries(lang);
    assert.deepEqual([...other.keys()].sort(), [...nb.keys()].sort(), `${lang}: keys differ from nb`);
    for (const [key, value] of nb) {
      const theirs = other.get(key);
      assert.equal(typeof theirs, typeof value, `${lang}.${key}: kind`);
      if (typeof value === 'function') {
        assert.equal((theirs as () => string).length, value.length, `${lang}.${key}: number of parameters`);
      }
      if (Array.isArray(value)) assert.equal((theirs as unknown[]).length, value.length, `${lang}.${key}: length`);
    }
  }
});

test('no catalogue has an empty text, and every function gives a text that uses its arguments', () => {
  for (const lang of LANGS) {
    for (const [key, value] of entries(lang)) {
      const texts = Array.isArray(value) ? value : [value];
      for (const text of texts) {
        if (typeof text === 'string') {
          assert.ok(text.trim().length > 0, `${lang}.${key} is empty`);
        } else if (typeof text === 'function') {
          // Numbers for counts and positions, strings for the rest: both are safe as text here.
          const args = Array.from({ length: text.length }, (_, i) => (i % 2 === 0 ? 7 : `«arg${i}»`));
          const result = text(...args);
          assert.equal(typeof result, 'string', `${lang}.${key}`);
          assert.ok(result.trim().length > 0, `${lang}.${key}() is empty`);
          assert.ok(!result.includes('undefined'), `${lang}.${key}() says undefined`);
        }
      }
    }
  }
});

test('the Nynorsk and English catalogues are not copies of the Bokmål one', () => {
  const nb = entries('nb');
  const long = [...nb].filter(([, v]) => typeof v === 'string' && v.length > 20);
  // Nynorsk shares many words with Bokmål, so some texts read the same; English hardly any.
  for (const [lang, share] of [
    ['nn', 0.15],
    ['en', 0.01],
  ] as const) {
    const other = entries(lang);
    const same = long.filter(([k, v]) => other.get(k) === v).map(([k]) => k);
    assert.ok(
      same.length <= long.length * share,
      `${lang}: ${same.length} long texts identical to nb: ${same.join(', ')}`,
    );
  }
  assert.equal(catalogues.nn.register.submit, 'Send påmelding');
  assert.equal(catalogues.nn.site.skipLink, 'Hopp til hovudinnhaldet');
  assert.equal(catalogues.en.register.submit, 'Send registration');
  assert.deepEqual(LANG_NAMES, { nb: 'Bokmål', nn: 'Nynorsk', en: 'English' });
});

test('the compiler refuses a missing key, a wrong parameter type and a dropped parameter', () => {
  // These lines are checked by `tsc --noEmit` (npm run lint); at run time they only have to exist.
  type Sample = { readonly a: 'x'; readonly nested: { readonly f: (n: number, s: string) => string } };
  // @ts-expect-error a key missing in a nested object
  const missing = { a: 'y', nested: {} } satisfies Widen<Sample>;
  // @ts-expect-error a parameter of the wrong type
  const wrongType = { a: 'y', nested: { f: (n: string, s: string) => n + s } } satisfies Widen<Sample>;
  // @ts-expect-error an extra key
  const extra = { a: 'y', b: 'z', nested: { f: (n: number, s: string) => `${n}${s}` } } satisfies Widen<Sample>;
  const dropped = { a: 'y', nested: { f: (n: number) => `${n}` } } satisfies Widen<Sample>;
  // @ts-expect-error a function that takes fewer parameters has another shape
  const droppedShape: Equals<Shape<typeof dropped>, Shape<Sample>> = true;
  const right = { a: 'y', nested: { f: (n: number, s: string) => `${n}${s}` } } satisfies Widen<Sample>;
  const rightShape: Equals<Shape<typeof right>, Shape<Sample>> = true;
  assert.ok([missing, wrongType, extra, droppedShape, rightShape].length === 5);
});
