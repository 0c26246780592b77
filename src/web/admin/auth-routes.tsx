// Login, logout, password reset and invitation acceptance: the only /admin pages that do not
// require a login.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { acceptInvitation, findInvitation } from '../../core/accounts/accept-invitation.ts';
import { endAdminSession } from '../../core/accounts/admin-sessions.ts';
import { logIn } from '../../core/accounts/log-in.ts';
import type { AccountNotifier } from '../../core/accounts/notifications.ts';
import { requestPasswordReset } from '../../core/accounts/request-password-reset.ts';
import { passwordResetIsValid, resetPassword } from '../../core/accounts/reset-password.ts';
import { type AppServices, sendHtml } from '../app.ts';
import { email, fieldKeys, fieldMessage, requiredText } from '../forms/fields.ts';
import type { Messages } from '../i18n/index.ts';
import { InvitationPage, LoginPage, ResetPasswordPage, ResetRequestPage } from '../views/admin/auth.tsx';
import { AdminMessagePage } from '../views/admin/layout.tsx';
import type { FieldErrors } from '../views/forms.tsx';
import { ADMIN_ACCESS_TOPIC, ADMIN_COOKIE, adminContext, safeNext, sessionCookieOptions } from './auth.ts';

/** Login attempts allowed per window, per IP address and per account (when RATE_LIMITS is on). */
export const LOGIN_LIMITS = { perIp: 20, perAccount: 10, windowMs: 15 * 60 * 1000 };
/** Password-reset mails per address per hour. */
export const RESET_MAILS_PER_HOUR = 3;
/** Per IP address on the reset and invitation forms (whose tokens must not be guessed at speed). */
const perIp = { rateLimit: { max: 20, timeWindow: '15 minutes' } };

const loginSchema = z.object({
  email: email('email_required'),
  password: z.string({ error: 'password_required' }).min(1, { error: 'password_required' }).max(1000),
  next: z.string().max(2000).optional(),
});

const newPasswordSchema = z
  .object({
    password: z.string({ error: 'password_too_short' }).max(1000, { error: 'password_too_long' }),
    repeat: z.string().max(1000).optional().default(''),
  })
  .refine((v) => v.password === v.repeat, { path: ['repeat'], error: 'passwords_differ' });

const tokenParams = z.object({ token: z.string().max(200) });

function errorsFrom(t: Messages, problems: Record<string, string>): FieldErrors {
  return Object.fromEntries(Object.entries(problems).map(([path, key]) => [path, fieldMessage(t, key, path)]));
}

export function registerAuthRoutes(app: FastifyInstance, services: AppServices, accountNotifier: AccountNotifier) {
  const deps = { db: services.store.db, adapter: services.store.adapter, accountNotifier };

  app.get('/admin/login', async (req, reply) => {
    const query = req.query as Record<string, unknown>;
    if (req.user) return reply.redirect(safeNext(query.next), 303);
    const l = req.t.admin.login;
    const notice =
      query.loggedOut === '1'
        ? l.loggedOut
        : query.reset === '1'
          ? req.t.admin.reset.done
          : query.expired === '1' || typeof query.next === 'string'
            ? l.sessionExpired
            : undefined;
    return sendHtml(
      reply,
      LoginPage({
        ctx: adminContext(req, reply),
        email: '',
        next: safeNext(query.next),
        errors: {},
        ...(notice ? { notice } : {}),
      }),
    );
  });

  app.post('/admin/login', { preHandler: app.csrfProtection }, async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = loginSchema.safeParse(body);
    const next = safeNext(body.next);
    const typedEmail = typeof body.email === 'string' ? body.email.slice(0, 254) : '';
    const render = (status: number, errors: FieldErrors, problem?: string) =>
      sendHtml(
        reply,
        LoginPage({
          ctx: adminContext(req, reply),
          email: typedEmail,
          next,
          errors,
          ...(problem ? { problem } : {}),
        }),
        status,
      );
    if (!parsed.success) return render(422, errorsFrom(req.t, fieldKeys(parsed.error)));
    if (services.limiter) {
      const perIp = await services.limiter.hit(`login-ip|${req.ip}`, LOGIN_LIMITS.windowMs);
      const perAccount = await services.limiter.hit(
        `login-account|${parsed.data.email.toLowerCase()}`,
        LOGIN_LIMITS.windowMs,
      );
      if (perIp.count > LOGIN_LIMITS.perIp || perAccount.count > LOGIN_LIMITS.perAccount) {
        reply.header('retry-after', String(Math.ceil(Math.max(perIp.ttl, perAccount.ttl) / 1000)));
        return render(429, {}, req.t.admin.login.rateLimited);
      }
    }
    const result = await logIn(services.store.db, parsed.data, services.now());
    if (!result.ok) return render(401, {}, req.t.admin.login.failed);
    // A new session id at every login (no session fixation): whatever session cookie came with
    // the login form, planted or an earlier login, is ended and replaced.
    const previous = req.cookies[ADMIN_COOKIE];
    if (previous) {
      await endAdminSession(services.store.db, previous);
      services.live.publish(ADMIN_ACCESS_TOPIC);
    }
    reply.setCookie(ADMIN_COOKIE, result.sessionToken, sessionCookieOptions(services));
    return reply.redirect(next, 303);
  });

  app.post('/admin/logout', { preHandler: app.csrfProtection }, async (req, reply) => {
    const token = req.cookies[ADMIN_COOKIE];
    if (token) {
      await endAdminSession(services.store.db, token);
      // The organiser's open live views (projector, control view) end with the session.
      services.live.publish(ADMIN_ACCESS_TOPIC);
    }
    reply.clearCookie(ADMIN_COOKIE, { path: '/admin' });
    return reply.redirect('/admin/login?loggedOut=1', 303);
  });

  app.get('/admin/reset', async (req, reply) =>
    sendHtml(reply, ResetRequestPage({ ctx: adminContext(req, reply), email: '', errors: {}, sent: false })),
  );

  app.post('/admin/reset', { preHandler: app.csrfProtection, config: perIp }, async (req, reply) => {
    const parsed = z.object({ email: email('email_required') }).safeParse(req.body ?? {});
    if (!parsed.success) {
      const typed = (req.body as Record<string, unknown> | undefined)?.email;
      return sendHtml(
        reply,
        ResetRequestPage({
          ctx: adminContext(req, reply),
          email: typeof typed === 'string' ? typed.slice(0, 254) : '',
          errors: errorsFrom(req.t, fieldKeys(parsed.error)),
          sent: false,
        }),
        422,
      );
    }
    // The same answer whether or not the address has an account, and whether or not the limit
    // was reached: the page must not tell which addresses exist.
    const limited = services.limiter
      ? (await services.limiter.hit(`reset-email|${parsed.data.email.toLowerCase()}`, 3_600_000)).count >
        RESET_MAILS_PER_HOUR
      : false;
    if (!limited) {
      await requestPasswordReset(deps, parsed.data, services.now());
      services.mailQueued();
    }
    return sendHtml(reply, ResetRequestPage({ ctx: adminContext(req, reply), email: '', errors: {}, sent: true }));
  });

  async function invalidLink(req: FastifyRequest, reply: FastifyReply, title: string, text: string, link: string) {
    return sendHtml(
      reply,
      AdminMessagePage({
        ctx: adminContext(req, reply),
        title,
        paragraphs: [text],
        links: [
          { href: link, label: link === '/admin/reset' ? req.t.admin.reset.requestTitle : req.t.admin.login.title },
        ],
      }),
      410,
    );
  }

  app.get('/admin/reset/:token', async (req, reply) => {
    const params = tokenParams.safeParse(req.params);
    const r = req.t.admin.reset;
    if (!params.success || !(await passwordResetIsValid(deps, params.data.token, services.now())))
      return invalidLink(req, reply, r.invalidTitle, r.invalid, '/admin/reset');
    return sendHtml(reply, ResetPasswordPage({ ctx: adminContext(req, reply), token: params.data.token, errors: {} }));
  });

  app.post('/admin/reset/:token', { preHandler: app.csrfProtection, config: perIp }, async (req, reply) => {
    const params = tokenParams.safeParse(req.params);
    const r = req.t.admin.reset;
    if (!params.success) return invalidLink(req, reply, r.invalidTitle, r.invalid, '/admin/reset');
    const parsed = newPasswordSchema.safeParse(req.body ?? {});
    const renderErrors = (errors: FieldErrors) =>
      sendHtml(reply, ResetPasswordPage({ ctx: adminContext(req, reply), token: params.data.token, errors }), 422);
    if (!parsed.success) return renderErrors(errorsFrom(req.t, fieldKeys(parsed.error)));
    const result = await resetPassword(
      deps,
      { token: params.data.token, password: parsed.data.password },
      services.now(),
    );
    if (!result.ok) {
      if (result.code === 'invalid' && result.fields) return renderErrors(errorsFrom(req.t, result.fields));
      return invalidLink(req, reply, r.invalidTitle, r.invalid, '/admin/reset');
    }
    // Every session of the account ended: so do its open live views.
    services.live.publish(ADMIN_ACCESS_TOPIC);
    reply.clearCookie(ADMIN_COOKIE, { path: '/admin' });
    return reply.redirect('/admin/login?reset=1', 303);
  });

  async function showInvitation(
    req: FastifyRequest,
    reply: FastifyReply,
    errors: FieldErrors,
    name: string,
    status = 200,
  ) {
    const params = tokenParams.safeParse(req.params);
    const i = req.t.admin.invitation;
    const invitation = params.success
      ? await findInvitation(services.store.db, params.data.token, services.now())
      : null;
    if (!params.success || !invitation) return invalidLink(req, reply, i.invalidTitle, i.invalid, '/admin/login');
    const role = (
      (req.t.admin.common.roleNames as Record<string, string>)[invitation.role] ?? invitation.role
    ).toLowerCase();
    const mode = !invitation.hasAccount
      ? 'new'
      : req.user?.email.toLowerCase() === invitation.email.toLowerCase()
        ? 'accept'
        : 'login';
    return sendHtml(
      reply,
      InvitationPage({
        ctx: adminContext(req, reply),
        token: params.data.token,
        intro: i.intro(invitation.invitedBy, invitation.scopeName, role),
        email: invitation.email,
        mode,
        name,
        errors,
      }),
      status,
    );
  }

  app.get('/admin/invitation/:token', async (req, reply) => showInvitation(req, reply, {}, ''));

  app.post('/admin/invitation/:token', { preHandler: app.csrfProtection, config: perIp }, async (req, reply) => {
    const params = tokenParams.safeParse(req.params);
    const i = req.t.admin.invitation;
    if (!params.success) return invalidLink(req, reply, i.invalidTitle, i.invalid, '/admin/login');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const typedName = typeof body.name === 'string' ? body.name.slice(0, 200) : '';
    let name: string | undefined;
    let password: string | undefined;
    if (!req.user) {
      const parsed = newPasswordSchema
        .and(z.object({ name: requiredText(200, 'name_required', 'name_too_long') }))
        .safeParse(body);
      if (!parsed.success)
        return showInvitation(req, reply, errorsFrom(req.t, fieldKeys(parsed.error)), typedName, 422);
      name = parsed.data.name;
      password = parsed.data.password;
    }
    const result = await acceptInvitation(
      deps,
      {
        token: params.data.token,
        user: req.user,
        ...(name !== undefined ? { name } : {}),
        ...(password !== undefined ? { password } : {}),
      },
      services.now(),
    );
    if (!result.ok) {
      if (result.code === 'invalid' && result.fields)
        return showInvitation(req, reply, errorsFrom(req.t, result.fields), typedName, 422);
      if (result.code === 'forbidden') return showInvitation(req, reply, {}, typedName, 403);
      return invalidLink(req, reply, i.invalidTitle, i.invalid, '/admin/login');
    }
    if (result.sessionToken) reply.setCookie(ADMIN_COOKIE, result.sessionToken, sessionCookieOptions(services));
    return reply.redirect('/admin?welcome=1', 303);
  });
}
