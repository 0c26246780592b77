// Edge validation of the event editor's forms. Problems are keys of t.admin.editor.errors
// ("too_long:200" carries its limit) or, from the core, of t.fields; editorMessage turns either
// into a sentence.
import { z } from 'zod';
import { ITEM_KINDS } from '../../core/events/roles.ts';
import type { FieldProblem } from '../../core/shared/result.ts';
import { zonedInstant } from '../../core/shared/time.ts';
import type { Messages } from '../i18n/index.ts';
import type { FieldErrors } from '../views/forms.tsx';
import { fieldMessage } from './fields.ts';

export const EDITOR_LIMITS = {
  title: 200,
  slug: 100,
  summary: 500,
  description: 20_000,
  venue: 200,
  audience: 500,
  email: 254,
  url: 500,
  label: 100,
  name: 200,
  facilitators: 300,
  itemTitle: 300,
  note: 1000,
  code: 20,
  sessionDescription: 2000,
  roleLabel: 100,
  question: 300,
  hint: 500,
  option: 200,
  options: 30,
  speakers: 20,
};

/** Trimmed text of at most `max` characters; required unless `optional`. */
export function editorText(max: number, options: { optional?: boolean } = {}) {
  const base = z
    .string({ error: 'required' })
    // Also the bound on what is trimmed: 5,000 characters in a name get the limit message.
    .transform((v) => v.trim())
    .pipe(z.string().max(max, { error: `too_long:${max}` }));
  return options.optional
    ? z.preprocess((v) => (v === undefined || v === null ? '' : v), base)
    : base.pipe(z.string().min(1, { error: 'required' }));
}

export const dateField = z
  .string({ error: 'date_invalid' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'date_invalid' })
  .refine(
    (v) => {
      const d = new Date(`${v}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
    },
    { error: 'date_invalid' },
  );

export const timeField = z
  .string({ error: 'time_invalid' })
  .trim()
  .regex(/^([01]\d|2[0-3])[:.][0-5]\d$/, { error: 'time_invalid' })
  .transform((v) => v.replace('.', ':'));

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

export const capacityField = z.preprocess(
  (v) => (v === undefined ? '' : v),
  z
    .string({ error: 'capacity_invalid' })
    .trim()
    .regex(/^(\d{1,6})?$/, { error: 'capacity_invalid' })
    .transform((v) => (v === '' ? null : Number(v))),
);

export const emailField = z
  .string({ error: 'required' })
  .trim()
  .min(1, { error: 'required' })
  .max(EDITOR_LIMITS.email, { error: 'email_invalid' })
  .pipe(z.email({ error: 'email_invalid' }));

export const urlField = z
  .string({ error: 'required' })
  .trim()
  .min(1, { error: 'required' })
  .max(EDITOR_LIMITS.url, { error: `too_long:${EDITOR_LIMITS.url}` })
  .refine(
    (v) => {
      try {
        const u = new URL(v);
        return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.includes('.');
      } catch {
        return false;
      }
    },
    { error: 'url_invalid' },
  );

export const slugField = z
  .string({ error: 'required' })
  .trim()
  .min(1, { error: 'required' })
  .max(EDITOR_LIMITS.slug, { error: `too_long:${EDITOR_LIMITS.slug}` })
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'slug_invalid' });

const box = z
  .union([z.literal('on'), z.literal('true'), z.literal(''), z.array(z.string())])
  .optional()
  .transform((v) => v === 'on' || v === 'true' || (Array.isArray(v) && v.includes('on')));

export const versionField = z.coerce.number({ error: 'invalid_value' }).int().min(0);

// ---- forms ---------------------------------------------------------------------------------

export const detailsSchema = z.object({
  title: editorText(EDITOR_LIMITS.title),
  slug: slugField,
  summary: editorText(EDITOR_LIMITS.summary, { optional: true }),
  descriptionMd: editorText(EDITOR_LIMITS.description, { optional: true }),
  startDate: dateField,
  startTime: timeField,
  endDate: dateField,
  endTime: timeField,
  venueName: editorText(EDITOR_LIMITS.venue),
  venueRoom: editorText(EDITOR_LIMITS.venue, { optional: true }),
  venueAddress: editorText(EDITOR_LIMITS.venue, { optional: true }),
  audience: editorText(EDITOR_LIMITS.audience, { optional: true }),
  isFree: box,
  isOpen: box,
  contactEmail: emailField,
  opensDate: optional(dateField),
  opensTime: optional(timeField),
  closesDate: dateField,
  closesTime: optional(timeField),
  capacity: capacityField,
  allowNoSession: box,
  moveProgramme: box,
});

export const createSchema = z.object({
  organizationId: z.coerce.number({ error: 'choose' }).int({ error: 'choose' }).positive({ error: 'choose' }),
  title: editorText(EDITOR_LIMITS.title),
  slug: slugField,
  date: dateField,
  startTime: timeField,
  endDate: optional(dateField),
  endTime: timeField,
  closesDate: dateField,
  venueName: editorText(EDITOR_LIMITS.venue),
  contactEmail: emailField,
});

export const copySchema = z.object({
  organizationId: z.coerce.number({ error: 'choose' }).int({ error: 'choose' }).positive({ error: 'choose' }),
  title: editorText(EDITOR_LIMITS.title),
  slug: slugField,
  startDate: dateField,
});

export const partSchema = z.object({
  label: editorText(EDITOR_LIMITS.label),
  title: editorText(EDITOR_LIMITS.title, { optional: true }),
  facilitators: editorText(EDITOR_LIMITS.facilitators, { optional: true }),
});

const idOrNone = z.preprocess(
  (v) => (v === undefined || v === '' || v === 'none' ? null : v),
  z.union([z.null(), z.coerce.number({ error: 'choose' }).int({ error: 'choose' }).positive({ error: 'choose' })]),
);

const speakerSchema = z.object({
  name: editorText(EDITOR_LIMITS.name, { optional: true }),
  affiliation: editorText(EDITOR_LIMITS.name, { optional: true }),
});

export const itemSchema = z
  .object({
    partId: z.coerce.number({ error: 'choose' }).int({ error: 'choose' }).positive({ error: 'choose' }),
    date: dateField,
    startTime: timeField,
    endTime: timeField,
    title: editorText(EDITOR_LIMITS.itemTitle),
    kind: z.enum(ITEM_KINDS, { error: 'choose' }),
    note: editorText(EDITOR_LIMITS.note, { optional: true }),
    sessionId: idOrNone,
    speakers: z
      .array(speakerSchema)
      .max(EDITOR_LIMITS.speakers + 5)
      .optional(),
  })
  .superRefine((v, ctx) => {
    // A speaker needs a name; an affiliation alone is a mistake worth telling.
    (v.speakers ?? []).forEach((s, i) => {
      if (!s.name && s.affiliation)
        ctx.addIssue({ code: 'custom', path: ['speakers', i, 'name'], message: 'required' });
    });
  });

export const sessionSchema = z.object({
  code: z
    .string({ error: 'required' })
    .trim()
    .min(1, { error: 'required' })
    .max(EDITOR_LIMITS.code, { error: 'code_invalid' })
    .regex(/^[A-Za-z0-9ÆØÅæøå]+(-[A-Za-z0-9ÆØÅæøå]+)*$/, { error: 'code_invalid' })
    .refine((v) => v !== 'none', { error: 'code_invalid' }),
  title: editorText(EDITOR_LIMITS.title),
  description: editorText(EDITOR_LIMITS.sessionDescription, { optional: true }),
  facilitator: editorText(EDITOR_LIMITS.facilitators, { optional: true }),
  partId: idOrNone,
  date: dateField,
  startTime: timeField,
  endTime: timeField,
  capacity: capacityField,
  /** A pitch session (research workshop, issue 8). */
  pitch: box,
});

export const roleSchema = z.object({
  code: z
    .string({ error: 'required' })
    .trim()
    .min(1, { error: 'required' })
    .max(50, { error: 'role_code_invalid' })
    .regex(/^[a-z0-9_]+$/, { error: 'role_code_invalid' })
    .optional(),
  label: editorText(EDITOR_LIMITS.roleLabel, { optional: true }),
  asksText: box,
});

export const questionSchema = z.object({
  label: editorText(EDITOR_LIMITS.question),
  hint: editorText(EDITOR_LIMITS.hint, { optional: true }),
  kind: z.enum(['text', 'choice', 'checkboxes'], { error: 'choose' }),
  options: z
    .preprocess((v) => (v === undefined ? '' : v), z.string({ error: 'required' }))
    .transform((v) =>
      v
        .split(/\r?\n/)
        .map((o) => o.trim())
        .filter((o) => o !== ''),
    )
    .pipe(
      z
        .array(z.string().max(EDITOR_LIMITS.option, { error: `too_long:${EDITOR_LIMITS.option}` }))
        .max(EDITOR_LIMITS.options, { error: `too_many_options:${EDITOR_LIMITS.options}` }),
    ),
  required: box,
});

export const partySchema = z.object({
  kind: z.enum(['organiser', 'partner'], { error: 'choose' }),
  name: editorText(EDITOR_LIMITS.name),
  url: optional(urlField),
});

export const linkSchema = z.object({
  label: editorText(EDITOR_LIMITS.name),
  url: urlField,
});

// ---- helpers -------------------------------------------------------------------------------

/**
 * The fields of one form among many on a page: "i12.title" → title, "i12.speakers.0.name" →
 * speakers[0].name. Only keys with the prefix are read, so a crafted form smuggles nothing in.
 */
export function formFields(body: Record<string, unknown>, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const speakers: Record<string, unknown>[] = [];
  for (const [key, raw] of Object.entries(body)) {
    if (!key.startsWith(`${prefix}.`)) continue;
    const name = key.slice(prefix.length + 1);
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    const speaker = /^speakers\.(\d{1,2})\.(name|affiliation)$/.exec(name);
    if (speaker) {
      const i = Number(speaker[1]);
      if (i >= EDITOR_LIMITS.speakers + 5) continue;
      speakers[i] ??= {};
      (speakers[i] as Record<string, unknown>)[speaker[2] as string] = value;
    } else if (/^[A-Za-z]+$/.test(name)) {
      out[name] = value;
    }
  }
  if (speakers.length > 0) out.speakers = Array.from(speakers, (s) => s ?? {});
  return out;
}

/** Field name → problem key, from a zod error, with names prefixed for the page. */
export function problemsOf(error: z.ZodError, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = `${prefix ? `${prefix}.` : ''}${issue.path.join('.')}`;
    out[path] ??= issue.message;
  }
  return out;
}

/** The sentence for a problem key of the editor or the core. */
export function editorMessage(t: Messages, key: string, path: string): string {
  const [name, arg] = key.split(':');
  const entry = (t.admin.editor.errors as Record<string, string | ((n: number) => string)>)[name ?? ''];
  if (entry !== undefined) return typeof entry === 'function' ? entry(Number(arg)) : entry;
  return fieldMessage(t, key, path);
}

export function editorErrors(t: Messages, problems: Record<string, string>): FieldErrors {
  return Object.fromEntries(Object.entries(problems).map(([path, key]) => [path, editorMessage(t, key, path)]));
}

/** Renames core problem keys (startsAt, endsAt, …) to the form's field names. */
export function mapProblems(
  problems: Record<string, FieldProblem> | undefined,
  names: Record<string, string>,
  prefix = '',
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, problem] of Object.entries(problems ?? {})) {
    const name = names[key] ?? key;
    out[prefix ? `${prefix}.${name}` : name] = problem;
  }
  return out;
}

/** The instant of a local date and time in the zone. */
export function instant(date: string, time: string, timeZone: string): Date {
  return zonedInstant(date, time, timeZone);
}

export function isFailure(v: unknown): v is { ok: false } {
  return typeof v === 'object' && v !== null && (v as { ok?: unknown }).ok === false;
}

export type Box = z.output<typeof box>;
