// Login, password reset and invitation pages.
import { CsrfField, ErrorSummary, type FieldErrors, TextField } from '../forms.tsx';
import { AdminLayout, type AdminViewContext } from './layout.tsx';

export function LoginPage(props: {
  ctx: AdminViewContext;
  email: string;
  next: string;
  /** A problem with the whole form (wrong password, too many tries). */
  problem?: string;
  /** A neutral notice (logged out, session expired, password changed). */
  notice?: string;
  errors: FieldErrors;
}): JSX.Element {
  const { t } = props.ctx;
  const l = t.admin.login;
  return (
    <AdminLayout ctx={props.ctx} title={l.title}>
      <div class="narrow">
        <h1 safe>{l.title}</h1>
        {props.notice ? (
          <p class="notice" role="status" safe>
            {props.notice}
          </p>
        ) : (
          ''
        )}
        {props.problem ? (
          <div class="error-summary" role="alert" tabindex="-1" id="error-summary">
            <p safe>{props.problem}</p>
          </div>
        ) : (
          <ErrorSummary t={t} errors={props.errors} order={['email', 'password']} />
        )}
        <p safe>{l.intro}</p>
        <form method="post" action="/admin/login" novalidate>
          <CsrfField token={props.ctx.csrfToken} />
          <input type="hidden" name="next" value={props.next} />
          <TextField
            t={t}
            name="email"
            type="email"
            label={l.email}
            value={props.email}
            error={props.errors.email}
            required
            autocomplete="username"
            maxlength={254}
          />
          <TextField
            t={t}
            name="password"
            type="password"
            label={l.password}
            error={props.errors.password}
            required
            autocomplete="current-password"
            maxlength={200}
          />
          <button type="submit" class="button button-primary" safe>
            {l.submit}
          </button>
        </form>
        <p>
          <a href="/admin/reset" safe>
            {l.forgot}
          </a>
        </p>
      </div>
    </AdminLayout>
  );
}

export function ResetRequestPage(props: {
  ctx: AdminViewContext;
  email: string;
  errors: FieldErrors;
  sent: boolean;
}): JSX.Element {
  const { t } = props.ctx;
  const r = t.admin.reset;
  return (
    <AdminLayout ctx={props.ctx} title={r.requestTitle}>
      <div class="narrow">
        <h1 safe>{r.requestTitle}</h1>
        {props.sent ? (
          <p class="notice" role="status" safe>
            {r.requestSent}
          </p>
        ) : (
          <>
            <ErrorSummary t={t} errors={props.errors} />
            <p safe>{r.requestIntro}</p>
            <form method="post" action="/admin/reset" novalidate>
              <CsrfField token={props.ctx.csrfToken} />
              <TextField
                t={t}
                name="email"
                type="email"
                label={t.admin.login.email}
                value={props.email}
                error={props.errors.email}
                required
                autocomplete="username"
                maxlength={254}
              />
              <button type="submit" class="button button-primary" safe>
                {r.requestSubmit}
              </button>
            </form>
          </>
        )}
        <p>
          <a href="/admin/login" safe>
            {t.admin.login.title}
          </a>
        </p>
      </div>
    </AdminLayout>
  );
}

/** Choosing a password: after a reset link, or when accepting an invitation as a new person. */
export function NewPasswordFields(props: { ctx: AdminViewContext; errors: FieldErrors }): JSX.Element {
  const { t } = props.ctx;
  const r = t.admin.reset;
  return (
    <>
      <TextField
        t={t}
        name="password"
        type="password"
        label={r.newPassword}
        hint={r.newPasswordHint}
        error={props.errors.password}
        required
        autocomplete="new-password"
        maxlength={200}
      />
      <TextField
        t={t}
        name="repeat"
        type="password"
        label={r.repeatPassword}
        error={props.errors.repeat}
        required
        autocomplete="new-password"
        maxlength={200}
      />
    </>
  );
}

export function ResetPasswordPage(props: { ctx: AdminViewContext; token: string; errors: FieldErrors }): JSX.Element {
  const { t } = props.ctx;
  const r = t.admin.reset;
  return (
    <AdminLayout ctx={props.ctx} title={r.title}>
      <div class="narrow">
        <h1 safe>{r.title}</h1>
        <ErrorSummary t={t} errors={props.errors} order={['password', 'repeat']} />
        <form method="post" action={`/admin/reset/${props.token}`} novalidate>
          <CsrfField token={props.ctx.csrfToken} />
          <NewPasswordFields ctx={props.ctx} errors={props.errors} />
          <button type="submit" class="button button-primary" safe>
            {r.submit}
          </button>
        </form>
      </div>
    </AdminLayout>
  );
}

export function InvitationPage(props: {
  ctx: AdminViewContext;
  token: string;
  intro: string;
  email: string;
  /** New people choose a name and password; people with an account log in first. */
  mode: 'new' | 'login' | 'accept';
  name: string;
  errors: FieldErrors;
}): JSX.Element {
  const { t } = props.ctx;
  const i = t.admin.invitation;
  return (
    <AdminLayout ctx={props.ctx} title={i.title}>
      <div class="narrow">
        <h1 safe>{i.title}</h1>
        <ErrorSummary t={t} errors={props.errors} order={['name', 'password', 'repeat']} />
        <p safe>{props.intro}</p>
        {props.mode === 'login' ? (
          <>
            <p safe>{i.loginToAccept}</p>
            <p>
              <a
                class="button button-primary"
                href={`/admin/login?next=${encodeURIComponent(`/admin/invitation/${props.token}`)}`}
                safe
              >
                {t.admin.login.submit}
              </a>
            </p>
          </>
        ) : (
          <form method="post" action={`/admin/invitation/${props.token}`} novalidate>
            <CsrfField token={props.ctx.csrfToken} />
            {props.mode === 'new' ? (
              <>
                <p>
                  <span safe>{`${t.admin.login.email}: `}</span>
                  <strong safe>{props.email}</strong>
                </p>
                <TextField
                  t={t}
                  name="name"
                  label={i.name}
                  value={props.name}
                  error={props.errors.name}
                  required
                  autocomplete="name"
                  maxlength={200}
                />
                <NewPasswordFields ctx={props.ctx} errors={props.errors} />
              </>
            ) : (
              ''
            )}
            <button type="submit" class="button button-primary" safe>
              {i.accept}
            </button>
          </form>
        )}
      </div>
    </AdminLayout>
  );
}
