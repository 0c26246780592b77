// Translations of an event's texts into one language: for each text the main-language version,
// read-only, beside a field for the translation; one form saves them all.
import { escapeHtml } from '@kitajs/html';
import type { TranslatedEntity } from '../../../db/schema.ts';
import { CsrfField, FieldError, fieldId } from '../forms.tsx';
import { EditorFrame, type EditorPageProps, editorBase, local, str, VersionField } from './editor.tsx';

/** One text to translate. */
export interface TranslatableText {
  entity: TranslatedEntity;
  id: number;
  field: string;
  /** The text in the event's main language. */
  original: string;
  /** The stored translation ('' when there is none). */
  translation: string;
}

/** The form field name of a text: "session.12.title". */
export function translationFieldName(t: Pick<TranslatableText, 'entity' | 'id' | 'field'>): string {
  return `${t.entity}.${t.id}.${t.field}`;
}

export interface TranslationsPageProps extends EditorPageProps {
  /** The language translated into. */
  lang: string;
  /** The languages that can be translated into (all but the main one). */
  langs: string[];
  texts: TranslatableText[];
}

function TranslationField(props: {
  page: TranslationsPageProps;
  text: TranslatableText | undefined;
  label: string;
  multiline?: boolean;
  hint?: string;
}): JSX.Element {
  const text = props.text;
  if (!text) return '';
  const { t } = props.page.ctx;
  const tr = t.admin.editor.translations;
  const name = translationFieldName(text);
  const id = fieldId(name);
  const form = props.page.form;
  const value = form ? str(form.values[name]) : text.translation;
  const error = form?.errors[name];
  const mainName = tr.langNames[props.page.data.event.main_lang] ?? props.page.data.event.main_lang;
  const langName = tr.langNames[props.page.lang] ?? props.page.lang;
  const described = [`${id}-original`, props.hint ? `${id}-hint` : '', error ? `${id}-error` : '']
    .filter(Boolean)
    .join(' ');
  const common = {
    id,
    name,
    lang: props.page.lang,
    'aria-describedby': described,
    'aria-invalid': error ? 'true' : undefined,
  };
  return (
    <div class={error ? 'field translation-field has-error' : 'field translation-field'}>
      <label for={id}>
        <span safe>{tr.inLang(props.label, langName)}</span>
        <span class="optional" safe>{` ${t.form.optional}`}</span>
      </label>
      <div class="translation-original" id={`${id}-original`}>
        <span class="translation-original-label" safe>
          {tr.original(mainName)}
        </span>{' '}
        {text.original ? (
          <span
            class="translation-original-text"
            lang={text.original ? props.page.data.event.main_lang : undefined}
            safe
          >
            {text.original}
          </span>
        ) : (
          <span safe>{tr.emptyOriginal}</span>
        )}
      </div>
      {props.hint ? (
        <p class="hint" id={`${id}-hint`} safe>
          {props.hint}
        </p>
      ) : (
        ''
      )}
      <FieldError t={t} name={name} error={error} />
      {props.multiline ? (
        <textarea {...common} rows={props.text?.field === 'description_md' ? '10' : '4'} safe>
          {value}
        </textarea>
      ) : (
        <input {...common} type="text" value={escapeHtml(value)} />
      )}
    </div>
  );
}

export function EditTranslationsPage(props: TranslationsPageProps): JSX.Element {
  const { t, lang: uiLang } = props.ctx;
  const tr = t.admin.editor.translations;
  const pages = t.admin.editor.pages;
  const ev = props.data.event;
  const base = `${editorBase(ev.slug)}/edit/translations`;
  const find = (entity: TranslatedEntity, id: number, field: string) =>
    props.texts.find((x) => x.entity === entity && x.id === id && x.field === field);
  const langName = (l: string) => tr.langNames[l] ?? l;
  const tz = ev.time_zone;
  const sessionsOf = (partId: number | null) => props.data.sessions.filter((s) => s.part_id === partId);
  const programmeTexts = props.texts.filter((x) => x.entity !== 'event');
  return (
    <EditorFrame page={props} current="translations" title={`${tr.title}: ${langName(props.lang)}`}>
      <nav class="translation-langs" aria-label={tr.languagesNav}>
        <ul>
          {props.langs.map((l) => (
            <li>
              <a href={`${base}?translate=${l}`} aria-current={l === props.lang ? 'page' : undefined} safe>
                {langName(l)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <p safe>{tr.intro(langName(props.lang), langName(ev.main_lang))}</p>
      <form method="post" action={`${base}?translate=${props.lang}`} novalidate class="editor-form">
        <CsrfField token={props.ctx.csrfToken} />
        <VersionField version={ev.version} />
        <input type="hidden" name="translate" value={props.lang} />
        <section aria-labelledby="translations-event">
          <h2 id="translations-event" safe>
            {pages.details}
          </h2>
          <TranslationField page={props} text={find('event', ev.id, 'title')} label={tr.eventTitle} />
          <TranslationField page={props} text={find('event', ev.id, 'summary')} label={tr.summary} multiline />
          <TranslationField
            page={props}
            text={find('event', ev.id, 'description_md')}
            label={tr.description}
            hint={tr.descriptionHint}
            multiline
          />
        </section>
        <section aria-labelledby="translations-programme">
          <h2 id="translations-programme" safe>
            {pages.programme}
          </h2>
          {programmeTexts.length === 0 ? <p safe>{tr.noProgramme}</p> : ''}
          {props.data.parts.map((part) => {
            const items = props.data.items.filter((i) => i.part_id === part.id && find('item', i.id, 'title'));
            const sessions = sessionsOf(part.id).filter((s) => find('session', s.id, 'title'));
            if (!find('part', part.id, 'title') && items.length === 0 && sessions.length === 0) return '';
            return (
              <section aria-labelledby={`translations-part-${part.id}`}>
                <h3 id={`translations-part-${part.id}`} lang={ev.main_lang === uiLang ? undefined : ev.main_lang} safe>
                  {part.title ? `${part.label}: ${part.title}` : part.label}
                </h3>
                <TranslationField page={props} text={find('part', part.id, 'title')} label={tr.partTitle} />
                {items.map((item) => (
                  <TranslationField
                    page={props}
                    text={find('item', item.id, 'title')}
                    label={tr.itemTitle(local(item.starts_at, tz).time)}
                  />
                ))}
                {sessions.map((s) => (
                  <SessionTexts page={props} session={s} />
                ))}
              </section>
            );
          })}
          {sessionsOf(null).map((s) => (
            <SessionTexts page={props} session={s} />
          ))}
        </section>
        <div class="button-row">
          <button type="submit" class="button button-primary" safe>
            {tr.save}
          </button>
        </div>
      </form>
    </EditorFrame>
  );
}

function SessionTexts(props: {
  page: TranslationsPageProps;
  session: TranslationsPageProps['data']['sessions'][number];
}): JSX.Element {
  const tr = props.page.ctx.t.admin.editor.translations;
  const s = props.session;
  const find = (field: string) =>
    props.page.texts.find((x) => x.entity === 'session' && x.id === s.id && x.field === field);
  if (!find('title')) return '';
  const main = props.page.data.event.main_lang;
  return (
    <fieldset class="translation-session">
      <legend>
        <span safe>{`${s.code}: `}</span>
        <span lang={main === props.page.ctx.lang ? undefined : main} safe>
          {s.title}
        </span>
      </legend>
      <TranslationField page={props.page} text={find('title')} label={tr.sessionTitle} />
      <TranslationField page={props.page} text={find('description')} label={tr.sessionDescription} multiline />
    </fieldset>
  );
}
