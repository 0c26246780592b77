// Shared pieces of the edge validation: every schema reports problems as catalogue keys, which
// the pages and the API turn into sentences in the reader's language.
import { z } from 'zod';
import type { Messages } from '../i18n/index.ts';
import { nb } from '../i18n/nb.ts';

export const LIMITS = { name: 200, email: 254, organization: 200, role: 50, roleOther: 200, session: 20, needs: 1000 };

/** A form checkbox ("on") or a JSON boolean; absent means false. */
export const checkbox = z
  .union([z.boolean(), z.literal('on'), z.literal('true'), z.literal('false'), z.literal('')])
  .optional()
  .transform((v) => v === true || v === 'on' || v === 'true');

export const text = (max: number, key: FieldKey = 'too_long') =>
  z
    .string({ error: 'invalid_value' })
    .max(max * 4) // a cheap bound before trimming
    .transform((v) => v.trim())
    .pipe(z.string().max(max, { error: key }));

export const requiredText = (max: number, requiredKey: FieldKey, tooLongKey: FieldKey = 'too_long') =>
  z
    .string({ error: requiredKey })
    .max(max * 4, { error: tooLongKey })
    .transform((v) => v.trim())
    .pipe(z.string().min(1, { error: requiredKey }).max(max, { error: tooLongKey }));

export const email = (requiredKey: FieldKey) =>
  z
    .string({ error: requiredKey })
    .max(LIMITS.email * 4, { error: 'email_invalid' })
    .transform((v) => v.trim())
    .pipe(
      z
        .string()
        .min(1, { error: requiredKey })
        .max(LIMITS.email, { error: 'email_invalid' })
        .pipe(z.email({ error: 'email_invalid' })),
    );

export type FieldKey = keyof Messages['fields'];

/** Field path → catalogue key, from a zod error. */
export function fieldKeys(error: z.ZodError): Record<string, FieldKey> {
  const out: Record<string, FieldKey> = {};
  for (const issue of error.issues) {
    const path = issue.path.join('.') || '_';
    if (out[path]) continue;
    out[path] = isFieldKey(issue.message) ? issue.message : 'invalid_value';
  }
  return out;
}

function isFieldKey(key: string): key is FieldKey {
  return Object.hasOwn(nb.fields, key);
}

/** The sentence for a field problem; limits are looked up by the field's own name. */
export function fieldMessage(t: Messages, key: string, path: string): string {
  const fieldName = path.split('.').pop() ?? path;
  const max = (LIMITS as Record<string, number>)[fieldName] ?? 200;
  const entry = (t.fields as Record<string, string | ((n: number) => string)>)[key] ?? t.fields.invalid_value;
  return typeof entry === 'function' ? entry(max) : entry;
}
