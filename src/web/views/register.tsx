import type { EventDetails, ParallelSession } from '../../core/events/types.ts';
import { MAX_OTHERS } from '../../core/registrations/register-participants.ts';
import { LIMITS } from '../forms/fields.ts';
import { formatDateTime, formatTime, type Messages } from '../i18n/index.ts';
import { langIf, TextIn } from './content-lang.tsx';
import { roleLabel } from './format.ts';
import {
  Checkbox,
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  fieldId,
  RadioGroup,
  type RadioOption,
  TextField,
} from './forms.tsx';
import { Layout, type ViewContext } from './layout.tsx';
import { NeedsFields, RoleFields } from './participant-fields.tsx';
import { privacyHref } from './privacy.tsx';
import { QuestionFields } from './question-fields.tsx';

export type FormValues = Record<string, unknown> & { others?: Record<string, unknown>[] };

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const on = (v: unknown) => v === 'on' || v === true || v === 'true';

function sessionHint(t: Messages, s: ParallelSession, ctx: ViewContext, tz: string): string {
  const time = `${formatTime(s.startsAt, ctx.lang, tz)}–${formatTime(s.endsAt, ctx.lang, tz)}`;
  const seats =
    s.seatsLeft === 0 ? t.register.sessionFull : s.seatsLeft === null ? '' : t.register.sessionSeatsLeft(s.seatsLeft);
  return [time, s.facilitator ? t.event.facilitator(s.facilitator) : '', seats].filter(Boolean).join(' · ');
}

export function sessionOptions(t: Messages, event: EventDetails, ctx: ViewContext): RadioOption[] {
  return [
    ...event.sessions.map((s) => ({
      value: s.code,
      label: `${s.code}: ${s.title}`,
      lang: langIf(s.textLang?.title ?? event.mainLang, ctx.lang),
      hint: sessionHint(t, s, ctx, event.timeZone),
    })),
    ...(event.allowNoSession ? [{ value: 'none', label: t.register.noSession }] : []),
  ];
}

function Select(props: {
  t: Messages;
  name: string;
  label: string;
  options: { value: string; label: string }[];
  value: string;
  error?: string | undefined;
  required?: boolean;
}): JSX.Element {
  const id = fieldId(props.name);
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for={id} safe>
        {props.label}
      </label>
      {props.error ? (
        <p class="field-error" id={`${id}-error`}>
          <span class="visually-hidden" safe>{`${props.t.form.errorPrefix} `}</span>
          <span safe>{props.error}</span>
        </p>
      ) : (
        ''
      )}
      <select
        id={id}
        name={props.name}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
        required={props.required}
      >
        <option value="" selected={props.value === ''} safe>
          {props.t.form.choose}
        </option>
        {props.options.map((o) => (
          <option value={o.value} selected={props.value === o.value} safe>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function OtherPerson(props: {
  ctx: ViewContext;
  event: EventDetails;
  index: number;
  values: Record<string, unknown>;
  errors: FieldErrors;
}): JSX.Element {
  const { t } = props.ctx;
  const p = (field: string) => `others.${props.index}.${field}`;
  const v = props.values;
  const number = props.index + 2;
  const roles = props.event.roles.map((r) => ({ value: r.code, label: roleLabel(t, props.event, r.code) }));
  const headingId = `person-${props.index}`;
  return (
    <fieldset class="person" aria-labelledby={headingId}>
      <legend id={headingId} safe>
        {t.register.person(number)}
      </legend>
      <TextField
        t={t}
        name={p('name')}
        label={t.register.name}
        value={str(v.name)}
        error={props.errors[p('name')]}
        required
        maxlength={LIMITS.name}
        autocomplete="off"
      />
      <TextField
        t={t}
        name={p('email')}
        type="email"
        label={t.register.otherEmail}
        hint={t.register.otherEmailHint}
        value={str(v.email)}
        error={props.errors[p('email')]}
        maxlength={LIMITS.email}
        autocomplete="off"
      />
      <TextField
        t={t}
        name={p('organization')}
        label={t.register.organization}
        value={str(v.organization)}
        error={props.errors[p('organization')]}
        maxlength={LIMITS.organization}
      />
      <Select
        t={t}
        name={p('role')}
        label={t.register.role}
        options={roles}
        value={str(v.role)}
        error={props.errors[p('role')]}
        required
      />
      <TextField
        t={t}
        name={p('roleOther')}
        label={t.register.roleOther}
        hint={t.register.roleOtherHint}
        conditional
        value={str(v.roleOther)}
        error={props.errors[p('roleOther')]}
        maxlength={LIMITS.roleOther}
      />
      {props.event.sessions.length > 0 ? (
        <Select
          t={t}
          name={p('session')}
          label={t.register.session}
          options={sessionOptions(t, props.event, props.ctx).map((o) => ({
            value: o.value,
            label: o.hint ? `${o.label} (${o.hint})` : o.label,
          }))}
          value={str(v.session)}
          error={props.errors[p('session')]}
          required
        />
      ) : (
        ''
      )}
      <TextField
        t={t}
        name={p('needs')}
        label={t.register.needs}
        value={str(v.needs)}
        error={props.errors[p('needs')]}
        maxlength={LIMITS.needs}
        multiline
      />
      <Checkbox
        t={t}
        name={p('needsConsent')}
        label={t.register.needsConsent}
        checked={on(v.needsConsent)}
        error={props.errors[p('needsConsent')]}
      />
      <Checkbox t={t} name={p('publicListing')} label={t.register.publicListing} checked={on(v.publicListing)} />
      <button
        type="submit"
        name="action"
        value={`remove:${props.index}`}
        class="button button-secondary"
        formnovalidate
        safe
      >
        {t.register.removePerson(number)}
      </button>
    </fieldset>
  );
}

export const REGISTER_FIELD_ORDER = [
  'name',
  'email',
  'organization',
  'role',
  'roleOther',
  'session',
  'needs',
  'needsConsent',
  'publicListing',
  'answers',
  'others',
  'consent',
];

export function RegisterPage(props: {
  ctx: ViewContext;
  event: EventDetails;
  values: FormValues;
  errors: FieldErrors;
  csrfToken: string;
  othersCount: number;
  notice?: string;
}): JSX.Element {
  const { t, lang } = props.ctx;
  const e = props.event;
  const v = props.values;
  const others = Array.from({ length: props.othersCount }, (_, i) => props.values.others?.[i] ?? {});
  const hasErrors = Object.keys(props.errors).length > 0;
  return (
    <Layout
      ctx={props.ctx}
      meta={{
        title: hasErrors ? `${t.form.errorSummaryTitle}: ${t.register.title(e.title)}` : t.register.title(e.title),
      }}
    >
      <p class="breadcrumb">
        <a href={`/e/${e.slug}`} lang={langIf(e.textLang?.title ?? e.mainLang, props.ctx.lang)} safe>
          {e.title}
        </a>
      </p>
      <h1>
        <TextIn
          template={t.register.title}
          value={e.title}
          lang={e.textLang?.title ?? e.mainLang}
          pageLang={props.ctx.lang}
        />
      </h1>
      <ErrorSummary t={t} errors={props.errors} order={REGISTER_FIELD_ORDER} />
      {props.notice ? (
        <p class="notice" role="status" safe>
          {props.notice}
        </p>
      ) : (
        ''
      )}
      <p safe>{t.register.intro}</p>
      <p safe>{t.register.deadlineNote(formatDateTime(e.registrationClosesAt, lang, e.timeZone))}</p>
      <p class="hint" safe>
        {t.form.requiredNote}
      </p>
      <form method="post" action={`/e/${e.slug}/register`} novalidate class="register-form">
        {/* Pressing Enter in a field submits with the form's first submit button: make that "send". */}
        <button type="submit" name="action" value="submit" hidden tabindex="-1" />
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="othersCount" value={String(props.othersCount)} />
        <fieldset class="person">
          <legend safe>{t.register.aboutYou}</legend>
          <TextField
            t={t}
            name="name"
            label={t.register.name}
            value={str(v.name)}
            error={props.errors.name}
            required
            autocomplete="name"
            maxlength={LIMITS.name}
          />
          <TextField
            t={t}
            name="email"
            type="email"
            label={t.register.email}
            hint={t.register.emailHint}
            value={str(v.email)}
            error={props.errors.email}
            required
            autocomplete="email"
            maxlength={LIMITS.email}
          />
          <TextField
            t={t}
            name="organization"
            label={t.register.organization}
            value={str(v.organization)}
            error={props.errors.organization}
            autocomplete="organization"
            maxlength={LIMITS.organization}
          />
          <RoleFields t={t} event={e} values={v} errors={props.errors} />
          {e.sessions.length > 0 ? (
            <RadioGroup
              t={t}
              name="session"
              legend={t.register.session}
              hint={t.register.sessionHint}
              options={sessionOptions(t, e, props.ctx)}
              value={str(v.session)}
              error={props.errors.session}
              required
            />
          ) : (
            ''
          )}
          <NeedsFields t={t} values={v} errors={props.errors} />
          <QuestionFields t={t} questions={e.questions} values={v} errors={props.errors} />
        </fieldset>

        <section aria-labelledby="others-title" class="others">
          <h2 id="others-title" safe>
            {t.register.othersTitle}
          </h2>
          <p safe>{t.register.othersIntro}</p>
          {others.map((values, index) => (
            <OtherPerson ctx={props.ctx} event={e} index={index} values={values} errors={props.errors} />
          ))}
          {props.othersCount < MAX_OTHERS ? (
            <button type="submit" name="action" value="add" class="button button-secondary" formnovalidate safe>
              {t.register.addPerson}
            </button>
          ) : (
            <p safe>{t.register.maxOthers}</p>
          )}
        </section>

        <div class="consent">
          <Checkbox
            t={t}
            name="consent"
            label={t.register.consent}
            checked={on(v.consent)}
            error={props.errors.consent}
          />
          <p>
            <a href={privacyHref(e)} target="_blank" safe rel="noopener">
              {`${t.register.privacyLink} ${t.form.opensInNewWindow}`}
            </a>
          </p>
        </div>
        <button type="submit" name="action" value="submit" class="button button-primary" safe>
          {t.register.submit}
        </button>
      </form>
    </Layout>
  );
}
