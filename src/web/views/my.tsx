import type { MyRegistration, RegistrationView } from '../../core/registrations/get-my-registration.ts';
import { LIMITS } from '../forms/fields.ts';
import { formatDateTime } from '../i18n/index.ts';
import { langIf } from './content-lang.tsx';
import { eventWhen, roleLabel, venueText } from './format.ts';
import { Checkbox, CsrfField, ErrorSummary, type FieldErrors, RadioGroup, TextField } from './forms.tsx';
import { Layout, type ViewContext } from './layout.tsx';
import { NeedsFields, RoleFields } from './participant-fields.tsx';
import { MyDataSection } from './privacy.tsx';
import { sessionOptions } from './register.tsx';
import { TicketBox } from './ticket.tsx';

export interface MyPageState {
  flash?: string | undefined;
  errors: FieldErrors;
  /** Values to show in the details form (after a failed save), else the stored ones. */
  values?: Record<string, unknown> | undefined;
  sessionError?: string | undefined;
  canChangeSession: boolean;
  canEdit: boolean;
  canCancel: boolean;
}

function sessionTitle(ctx: ViewContext, my: MyRegistration, code: string | null): string {
  if (code === null) return ctx.t.my.sharedProgramme;
  const s = my.event.sessions.find((x) => x.code === code);
  return s ? `${s.code}: ${s.title}` : code;
}

function StatusBox(props: { ctx: ViewContext; my: MyRegistration; r: RegistrationView; self: boolean }): JSX.Element {
  const { t } = props.ctx;
  const r = props.r;
  const where = r.session === null ? t.my.wholeEvent : sessionTitle(props.ctx, props.my, r.session);
  const text =
    r.status === 'confirmed'
      ? props.self
        ? t.my.confirmed
        : t.my.confirmedFor(r.name)
      : r.status === 'waitlisted'
        ? props.self
          ? t.my.waitlisted(r.waitlistPosition ?? 0, where)
          : t.my.waitlistedFor(r.name, r.waitlistPosition ?? 0, where)
        : t.my.cancelled;
  return (
    <div class={`status-box status-${r.status}`}>
      <p>
        <strong
          safe
        >{`${t.my.status}: ${r.status === 'confirmed' ? t.my.statusConfirmed : r.status === 'waitlisted' ? t.my.statusWaitlisted : t.my.statusCancelled}`}</strong>
      </p>
      <p safe>{text}</p>
    </div>
  );
}

export function MyRegistrationPage(props: {
  ctx: ViewContext;
  my: MyRegistration;
  token: string;
  csrfToken: string;
  state: MyPageState;
  /** The ticket of the registration looked at (shown unless it is cancelled). */
  ticket?: { code: string; payload: string } | undefined;
  /** The co-creation section (challenges and tables, issue 7), already rendered. */
  coCreation?: JSX.Element | undefined;
  /** The research-idea section (pitch sessions, issue 8), already rendered. */
  ideas?: JSX.Element | undefined;
}): JSX.Element {
  const { t, lang } = props.ctx;
  const { my, state } = props;
  const e = my.event;
  const r = my.target;
  const self = r.id === my.own.id;
  const query = self ? '' : `?p=${r.id}`;
  const base = `/m/${props.token}`;
  const values = state.values ?? {
    name: r.name,
    organization: r.organization,
    role: r.role,
    roleOther: r.roleOther,
    needs: r.needs,
    needsConsent: r.needs ? 'on' : '',
    publicListing: r.publicListing ? 'on' : '',
  };
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : '');
  const title = self ? t.my.title : t.my.titleFor(r.name);
  return (
    <Layout ctx={props.ctx} meta={{ title: `${title}: ${e.title}` }}>
      <p class="breadcrumb">
        <a href={`/e/${e.slug}`} lang={langIf(e.textLang?.title ?? e.mainLang, lang)} safe>
          {e.title}
        </a>
      </p>
      <h1 safe>{title}</h1>
      {state.flash ? (
        <p class="notice notice-success" role="status" safe>
          {state.flash}
        </p>
      ) : (
        ''
      )}
      <ErrorSummary t={t} errors={state.errors} />
      <StatusBox ctx={props.ctx} my={my} r={r} self={self} />
      {r.offerExpiresAt && r.status === 'waitlisted' ? (
        <section class="offer-box" aria-labelledby="offer-title">
          <h2 id="offer-title" safe>
            {t.my.offerTitle}
          </h2>
          <p safe>{t.my.offerIntro(formatDateTime(r.offerExpiresAt, lang, e.timeZone))}</p>
          <form method="post" action={`${base}/accept-offer${query}`} class="inline-form">
            <CsrfField token={props.csrfToken} />
            <button type="submit" class="button button-primary" safe>
              {t.my.offerAccept}
            </button>
          </form>{' '}
          <a class="button button-secondary" href={`${base}/cancel${query}`} safe>
            {t.my.offerDecline}
          </a>
        </section>
      ) : (
        ''
      )}
      {props.ticket && r.status !== 'cancelled' ? (
        <TicketBox
          t={t}
          code={props.ticket.code}
          payload={props.ticket.payload}
          waitlisted={r.status === 'waitlisted'}
        />
      ) : (
        ''
      )}
      <section aria-labelledby="details-title">
        <h2 id="details-title" safe>
          {t.my.details}
        </h2>
        <dl class="details">
          <div>
            <dt safe>{t.event.when}</dt>
            <dd safe>{eventWhen(e, lang)}</dd>
          </div>
          <div>
            <dt safe>{t.event.where}</dt>
            <dd safe>{venueText(e)}</dd>
          </div>
          <div>
            <dt safe>{t.register.name}</dt>
            <dd safe>{r.name}</dd>
          </div>
          {r.email ? (
            <div>
              <dt safe>{t.register.email}</dt>
              <dd safe>{r.email}</dd>
            </div>
          ) : (
            ''
          )}
          {r.organization ? (
            <div>
              <dt safe>{t.register.organization}</dt>
              <dd safe>{r.organization}</dd>
            </div>
          ) : (
            ''
          )}
          <div>
            <dt safe>{t.register.role}</dt>
            <dd safe>{r.roleOther ? `${roleLabel(t, e, r.role)}: ${r.roleOther}` : roleLabel(t, e, r.role)}</dd>
          </div>
          {e.sessions.length > 0 ? (
            <div>
              <dt safe>{t.my.session}</dt>
              <dd safe>{sessionTitle(props.ctx, my, r.session)}</dd>
            </div>
          ) : (
            ''
          )}
          {e.questions
            .filter((q) => r.answers[String(q.id)] !== undefined)
            .map((q) => {
              const answer = r.answers[String(q.id)];
              return (
                <div>
                  <dt safe>{q.label}</dt>
                  <dd safe>{Array.isArray(answer) ? answer.join(', ') : (answer ?? '')}</dd>
                </div>
              );
            })}
        </dl>
        <p>
          <a href={`/e/${e.slug}/calendar.ics`} safe>
            {t.event.calendar}
          </a>
        </p>
      </section>

      {props.coCreation ?? ''}
      {props.ideas ?? ''}

      {r.status !== 'cancelled' && e.sessions.length > 0 ? (
        <section aria-labelledby="session-title">
          <h2 id="session-title" safe>
            {t.my.changeSession}
          </h2>
          {state.canChangeSession ? (
            <form method="post" action={`${base}/session${query}`} novalidate>
              <CsrfField token={props.csrfToken} />
              <p safe>{t.my.changeSessionIntro}</p>
              <RadioGroup
                t={t}
                name="session"
                legend={t.register.session}
                options={sessionOptions(t, e, props.ctx)}
                value={r.session ?? 'none'}
                error={state.sessionError}
              />
              {r.status === 'confirmed' ? (
                <Checkbox t={t} name="acceptWaitlist" label={t.my.acceptWaitlist} checked={false} />
              ) : (
                ''
              )}
              <button type="submit" class="button button-primary" safe>
                {t.my.saveSession}
              </button>
            </form>
          ) : (
            <p safe>{t.my.changeClosed}</p>
          )}
        </section>
      ) : (
        ''
      )}

      {r.status !== 'cancelled' && state.canEdit ? (
        <section aria-labelledby="edit-title">
          <h2 id="edit-title" safe>
            {t.my.editDetails}
          </h2>
          <form method="post" action={`${base}/details${query}`} novalidate>
            <CsrfField token={props.csrfToken} />
            <TextField
              t={t}
              name="name"
              label={t.register.name}
              value={str('name')}
              error={state.errors.name}
              required
              autocomplete="name"
              maxlength={LIMITS.name}
            />
            <TextField
              t={t}
              name="organization"
              label={t.register.organization}
              value={str('organization')}
              error={state.errors.organization}
              maxlength={LIMITS.organization}
            />
            <RoleFields t={t} event={e} values={values} errors={state.errors} />
            <NeedsFields t={t} values={values} errors={state.errors} />
            <button type="submit" class="button button-primary" safe>
              {t.my.save}
            </button>
          </form>
        </section>
      ) : (
        ''
      )}

      {r.status !== 'cancelled' && state.canCancel ? (
        <section aria-labelledby="cancel-title">
          <h2 id="cancel-title" safe>
            {t.my.cancelTitle}
          </h2>
          <p safe>{t.my.cancelIntro}</p>
          <p>
            <a class="button button-danger" href={`${base}/cancel${query}`} safe>
              {t.my.cancelButton}
            </a>
          </p>
        </section>
      ) : (
        ''
      )}
      {r.status === 'cancelled' ? (
        <p>
          <a class="button button-primary" href={`/e/${e.slug}/register`} safe>
            {t.my.signUpAgain}
          </a>
        </p>
      ) : (
        ''
      )}

      {self && my.companions.length > 0 ? (
        <section aria-labelledby="companions-title">
          <h2 id="companions-title" safe>
            {t.my.companions}
          </h2>
          <p safe>{t.my.companionsIntro}</p>
          <ul>
            {my.companions.map((c) => (
              <li>
                <a href={`${base}?p=${c.id}`} safe>
                  {t.my.manage(c.name)}
                </a>
                <span
                  safe
                >{` – ${c.status === 'confirmed' ? t.my.statusConfirmed : c.status === 'waitlisted' ? t.my.statusWaitlisted : t.my.statusCancelled}`}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      <MyDataSection ctx={props.ctx} my={my} token={props.token} />
      {!self ? (
        <p>
          <a href={base} safe>
            {t.my.backToOwn}
          </a>
        </p>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function CancelConfirmPage(props: {
  ctx: ViewContext;
  my: MyRegistration;
  token: string;
  csrfToken: string;
}): JSX.Element {
  const { t } = props.ctx;
  const { my } = props;
  const self = my.target.id === my.own.id;
  const query = self ? '' : `?p=${my.target.id}`;
  return (
    <Layout ctx={props.ctx} meta={{ title: t.my.cancelConfirmTitle }}>
      <h1 safe>{t.my.cancelConfirmTitle}</h1>
      <p safe>{t.my.cancelConfirmText(self ? my.event.title : `${my.event.title} (${my.target.name})`)}</p>
      <form method="post" action={`/m/${props.token}/cancel${query}`}>
        <CsrfField token={props.csrfToken} />
        <button type="submit" class="button button-danger" safe>
          {t.my.cancelConfirmButton}
        </button>
      </form>
      <p>
        <a href={`/m/${props.token}${query}`} safe>
          {t.my.cancelKeep}
        </a>
      </p>
    </Layout>
  );
}
