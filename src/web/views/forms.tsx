// Form pieces that carry labels, hints and errors the same way on every page: the error text
// sits beside the field, is tied to it with aria-describedby, and is listed in a summary at the
// top whose links move focus to the field.
import { escapeHtml } from '@kitajs/html';
import type { Messages } from '../i18n/index.ts';

export type FieldErrors = Record<string, string>;

/** The id of a field's input, from its name ("others.0.name" → "f-others-0-name"). */
export function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

export function ErrorSummary(props: { t: Messages; errors: FieldErrors; order?: string[] }): JSX.Element {
  const entries = Object.entries(props.errors);
  if (entries.length === 0) return '';
  if (props.order) {
    const rank = (k: string) => {
      const i = props.order?.findIndex((o) => k === o || k.startsWith(`${o}.`)) ?? -1;
      return i === -1 ? 999 : i;
    };
    entries.sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]));
  }
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" id="error-summary">
      <h2 id="error-summary-title" safe>
        {props.t.form.errorSummaryTitle}
      </h2>
      <p safe>{props.t.form.errorSummaryIntro}</p>
      <ul>
        {entries.map(([name, message]) => (
          <li>
            <a href={`#${fieldId(name)}`} safe>
              {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  t: Messages;
  name: string;
  label: string;
  value?: string | undefined;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
  type?: 'text' | 'email' | 'password' | 'number' | 'date' | 'time' | 'datetime-local' | 'url' | 'search';
  /** Extra attributes for the input (min, max, step, inputmode, pattern). */
  attrs?: Record<string, string | number | undefined>;
  autocomplete?: string;
  maxlength?: number;
  multiline?: boolean;
  /** Required only in some cases (explained by the hint): show neither "required" nor "optional". */
  conditional?: boolean;
}

function describedBy(name: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${fieldId(name)}-hint` : '', error ? `${fieldId(name)}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

export function FieldError(props: { t: Messages; name: string; error?: string | undefined }): JSX.Element {
  return props.error ? (
    <p class="field-error" id={`${fieldId(props.name)}-error`}>
      <span class="visually-hidden" safe>{`${props.t.form.errorPrefix} `}</span>
      <span safe>{props.error}</span>
    </p>
  ) : (
    ''
  );
}

export function TextField(props: FieldProps): JSX.Element {
  const id = fieldId(props.name);
  const common = {
    id,
    name: props.name,
    'aria-describedby': describedBy(props.name, props.hint, props.error),
    'aria-invalid': props.error ? 'true' : undefined,
    required: props.required,
    maxlength: props.maxlength,
  };
  return (
    <div class={props.error ? 'field has-error' : 'field'}>
      <label for={id}>
        <span safe>{props.label}</span>
        {props.required || props.conditional ? '' : <span class="optional" safe>{` ${props.t.form.optional}`}</span>}
      </label>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`} safe>
          {props.hint}
        </p>
      ) : (
        ''
      )}
      <FieldError t={props.t} name={props.name} error={props.error} />
      {props.multiline ? (
        <textarea {...common} rows="4" safe>
          {props.value ?? ''}
        </textarea>
      ) : (
        // The library escapes only quotes in attributes; escape fully so that what was typed
        // comes back exactly, "&lt;" included.
        <input
          {...common}
          type={props.type ?? 'text'}
          {...(props.attrs ?? {})}
          value={props.type === 'password' ? undefined : escapeHtml(props.value ?? '')}
          autocomplete={props.autocomplete}
        />
      )}
    </div>
  );
}

export function Checkbox(props: {
  t: Messages;
  name: string;
  label: string;
  checked: boolean;
  error?: string | undefined;
  hint?: string;
}): JSX.Element {
  const id = fieldId(props.name);
  return (
    <div class={props.error ? 'field checkbox has-error' : 'field checkbox'}>
      <FieldError t={props.t} name={props.name} error={props.error} />
      <input
        type="checkbox"
        id={id}
        name={props.name}
        checked={props.checked}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props.name, props.hint, props.error)}
      />
      <label for={id} safe>
        {props.label}
      </label>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`} safe>
          {props.hint}
        </p>
      ) : (
        ''
      )}
    </div>
  );
}

export interface RadioOption {
  value: string;
  label: string;
  hint?: string;
  /** The label's language when it is not the page's (an untranslated session title). */
  lang?: string | undefined;
}

/** A radio group in a fieldset; the first radio carries the field's id for error links. */
export function RadioGroup(props: {
  t: Messages;
  name: string;
  legend: string;
  options: RadioOption[];
  value?: string | undefined;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
}): JSX.Element {
  const id = fieldId(props.name);
  return (
    <fieldset
      class={props.error ? 'field radios has-error' : 'field radios'}
      aria-describedby={describedBy(props.name, props.hint, props.error)}
    >
      <legend safe>{props.legend}</legend>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`} safe>
          {props.hint}
        </p>
      ) : (
        ''
      )}
      <FieldError t={props.t} name={props.name} error={props.error} />
      {props.options.map((option, index) => {
        const optionId = index === 0 ? id : `${id}-${option.value.replace(/[^A-Za-z0-9]+/g, '-')}`;
        // Not `${optionId}-hint`: for the first option that is the group's hint id.
        const optionHintId = `${id}-option-${index}-hint`;
        return (
          <div class="radio">
            <input
              type="radio"
              id={optionId}
              name={props.name}
              value={option.value}
              checked={props.value === option.value}
              required={props.required}
              aria-invalid={props.error ? 'true' : undefined}
              aria-describedby={option.hint ? optionHintId : undefined}
            />
            <label for={optionId} lang={option.lang} safe>
              {option.label}
            </label>
            {option.hint ? (
              <span class="hint" id={optionHintId} safe>
                {option.hint}
              </span>
            ) : (
              ''
            )}
          </div>
        );
      })}
    </fieldset>
  );
}

export function CsrfField(props: { token: string }): JSX.Element {
  return <input type="hidden" name="_csrf" value={props.token} />;
}
