// Types that keep every catalogue in the shape of the Bokmål one. Kept apart from ./index.ts so
// that a catalogue file can import them without importing the catalogues themselves.

/** A catalogue of another language: the Bokmål one with any text in place of each text. */
export type Widen<T> = T extends string
  ? string
  : T extends (...args: infer A) => unknown
    ? (...args: A) => string
    : T extends readonly (infer U)[]
      ? readonly Widen<U>[]
      : { readonly [K in keyof T]: Widen<T[K]> };

/**
 * The keys of a catalogue and the number of parameters of each function. `satisfies Widen<…>`
 * already refuses a missing key, an extra key or a parameter of the wrong type; comparing shapes
 * also refuses a function that drops a parameter (which TypeScript would otherwise allow).
 */
export type Shape<T> = T extends string
  ? 'text'
  : T extends (...args: infer A) => unknown
    ? { params: A['length'] }
    : T extends readonly unknown[]
      ? 'list'
      : { -readonly [K in keyof T]-?: Shape<T[K]> };

/** true when A and B are the same type, false otherwise (not fooled by any). */
export type Equals<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
