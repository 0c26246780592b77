// The short evaluation after an event, opened from the personal link in the thank-you mail:
// a rating 1–5 per programme part (radio groups; any may be left out) and free text.
import type { EvaluationForm } from '../../core/evaluations/get-evaluation-form.ts';
import { EVALUATION_COMMENT_MAX } from '../../core/evaluations/save-evaluation.ts';
import { formatDateTime } from '../i18n/index.ts';
import { CsrfField, ErrorSummary, type FieldErrors, RadioGroup, TextField } from './forms.tsx';
import { Layout, type ViewContext } from './layout.tsx';

export function EvaluationPage(props: {
  ctx: ViewContext;
  form: EvaluationForm;
  token: string;
  csrfToken: string;
  /** What was typed (after a refusal), else the saved answer. */
  values: { ratings: Record<string, string>; comment: string };
  errors: FieldErrors;
  flash?: string | undefined;
}): JSX.Element {
  const { t, lang } = props.ctx;
  const e = t.messaging.evaluation;
  const { event, registration, saved } = props.form;
  const title = e.title(event.title);
  return (
    <Layout ctx={props.ctx} meta={{ title }}>
      <p class="breadcrumb">
        <a href={`/e/${event.slug}`} safe>
          {event.title}
        </a>
      </p>
      <h1 safe>{title}</h1>
      {props.flash ? (
        <p class="notice notice-success" role="status" safe>
          {props.flash}
        </p>
      ) : (
        ''
      )}
      <ErrorSummary t={t} errors={props.errors} />
      <p safe>{e.intro(registration.name)}</p>
      {saved && !props.flash ? <p safe>{e.savedBefore(formatDateTime(saved.updatedAt, lang, event.timeZone))}</p> : ''}
      <form method="post" action={`/m/${props.token}/evaluation`} novalidate>
        <CsrfField token={props.csrfToken} />
        {event.parts.map((part) => {
          const name = `rating.${part.id}`;
          const partName = part.title ? `${part.label}: ${part.title}` : part.label;
          return (
            <RadioGroup
              t={t}
              name={name}
              legend={e.ratingLegend(partName)}
              hint={e.scale}
              value={props.values.ratings[String(part.id)] ?? ''}
              error={props.errors[name]}
              options={[
                ...e.ratingLabels.map((label, i) => ({ value: String(i + 1), label })),
                { value: '', label: e.noRating },
              ]}
            />
          );
        })}
        <TextField
          t={t}
          name="comment"
          label={e.comment}
          hint={e.commentHint}
          multiline
          value={props.values.comment}
          error={props.errors.comment}
          maxlength={EVALUATION_COMMENT_MAX}
        />
        <button type="submit" class="button button-primary" safe>
          {e.submit}
        </button>
      </form>
    </Layout>
  );
}
