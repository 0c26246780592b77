// The event's extra questions on the sign-up form (answered by the booker): short text, one
// choice (radios) or checkboxes. Field names are "answers.<question id>".
import { ANSWER_MAX } from '../../core/events/answers.ts';
import type { EventQuestion } from '../../core/events/types.ts';
import type { Messages } from '../i18n/index.ts';
import { FieldError, type FieldErrors, fieldId, RadioGroup, TextField } from './forms.tsx';

function answerOf(values: Record<string, unknown>, id: number): string[] {
  const answers = values.answers;
  const raw = answers && typeof answers === 'object' ? (answers as Record<string, unknown>)[String(id)] : undefined;
  if (typeof raw === 'string') return [raw];
  return Array.isArray(raw) ? raw.filter((v): v is string => typeof v === 'string') : [];
}

function CheckboxGroup(props: {
  t: Messages;
  question: EventQuestion;
  name: string;
  chosen: string[];
  error?: string | undefined;
}) {
  const { t, question, name } = props;
  const id = fieldId(name);
  const described = [question.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <fieldset
      class={props.error ? 'field checkboxes has-error' : 'field checkboxes'}
      aria-describedby={described || undefined}
    >
      <legend>
        <span safe>{question.label}</span>
        {question.required ? '' : <span class="optional" safe>{` ${t.form.optional}`}</span>}
      </legend>
      {question.hint ? (
        <p class="hint" id={`${id}-hint`} safe>
          {question.hint}
        </p>
      ) : (
        ''
      )}
      <FieldError t={t} name={name} error={props.error} />
      {question.options.map((option, index) => {
        const optionId = index === 0 ? id : `${id}-${index}`;
        return (
          <div class="checkbox">
            <input
              type="checkbox"
              id={optionId}
              name={name}
              value={option}
              checked={props.chosen.includes(option)}
              aria-invalid={props.error ? 'true' : undefined}
            />
            <label for={optionId} safe>
              {option}
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}

export function QuestionFields(props: {
  t: Messages;
  questions: readonly EventQuestion[];
  values: Record<string, unknown>;
  errors: FieldErrors;
}): JSX.Element {
  const { t } = props;
  if (props.questions.length === 0) return '';
  return (
    <>
      {props.questions.map((q) => {
        const name = `answers.${q.id}`;
        const chosen = answerOf(props.values, q.id);
        const error = props.errors[name];
        if (q.kind === 'text') {
          return (
            <TextField
              t={t}
              name={name}
              label={q.label}
              hint={q.hint || undefined}
              value={chosen[0] ?? ''}
              error={error}
              required={q.required}
              maxlength={ANSWER_MAX}
            />
          );
        }
        if (q.kind === 'choice') {
          return (
            <RadioGroup
              t={t}
              name={name}
              legend={q.required ? q.label : `${q.label} ${t.form.optional}`}
              hint={q.hint || undefined}
              options={q.options.map((o) => ({ value: o, label: o }))}
              value={chosen[0]}
              error={error}
              required={q.required}
            />
          );
        }
        return <CheckboxGroup t={t} question={q} name={name} chosen={chosen} error={error} />;
      })}
    </>
  );
}
