// Sign-up by e-mail (issue 9), organisers only: connect and test an IMAP mailbox, read it now,
// upload .eml/.mbox files (multipart, with limits of this route only), and decide the messages
// of the review queue.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type AdminUser, actorOf } from '../../core/accounts/types.ts';
import { getEvent } from '../../core/events/get-event.ts';
import type { EventDetails } from '../../core/events/types.ts';
import { acceptIntakeMessage } from '../../core/mail-intake/accept-intake-message.ts';
import { credentialKeyFrom } from '../../core/mail-intake/credentials.ts';
import { disconnectMailbox } from '../../core/mail-intake/disconnect-mailbox.ts';
import { looksLikeEmail } from '../../core/mail-intake/drafts.ts';
import { getIntakeMessage } from '../../core/mail-intake/get-intake-message.ts';
import { getMailbox, getMailboxConnection } from '../../core/mail-intake/get-mailbox.ts';
import { ignoreIntakeMessage } from '../../core/mail-intake/ignore-intake-message.ts';
import { importMessages } from '../../core/mail-intake/import-messages.ts';
import { listIntakeMessages } from '../../core/mail-intake/list-intake-messages.ts';
import { looksLikeMbox } from '../../core/mail-intake/mbox.ts';
import { saveMailbox } from '../../core/mail-intake/save-mailbox.ts';
import type { PersonDraft } from '../../core/mail-intake/types.ts';
import type { Failure } from '../../core/shared/result.ts';
import type { MailboxSecurity } from '../../db/schema.ts';
import { testImapConnection } from '../../mail/imap.ts';
import { pollMailbox } from '../../mail/mailbox-poller.ts';
import { sendHtml } from '../app.ts';
import { failureStatus } from '../errors.ts';
import { LIMITS } from '../forms/fields.ts';
import { isLang, type Messages } from '../i18n/index.ts';
import type { AdminViewContext } from '../views/admin/layout.tsx';
import {
  IntakeMessagePage,
  type IntakeMessagePageState,
  type MailboxFormValues,
  MailIntakePage,
  type MailIntakePageState,
  mailPath,
  UPLOAD_MAX_FILES,
  UPLOAD_MAX_MB,
  UPLOAD_MAX_TOTAL_MB,
} from '../views/admin/mail-intake.tsx';
import type { FieldErrors } from '../views/forms.tsx';
import { adminContext, loadEventForAdmin, sendAdminNotFound } from './auth.ts';
import type { AdminServices } from './routes.ts';

type Body = Record<string, unknown>;
type Loaded = { event: EventDetails; permission: 'organiser' | 'facilitator' };
/** Sends a page in a given state (with the status, 200 unless said). */
type Render<State> = (
  req: FastifyRequest,
  reply: FastifyReply,
  loaded: Loaded,
  state: State,
  status?: number,
) => Promise<unknown>;
/** A decision on one message: the event, and which message who decides on. */
type Decision = { loaded: Loaded; by: { eventId: number; intakeId: number; userId: number; actor: string } };

function str(body: Body, name: string): string {
  const raw = Array.isArray(body[name]) ? (body[name] as unknown[])[0] : body[name];
  return typeof raw === 'string' ? raw : '';
}

function all(body: Body, name: string): string[] {
  const raw = body[name];
  return (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);
const SECURITY: readonly MailboxSecurity[] = ['tls', 'starttls', 'none'];
// "Test connection" and "read now" reach out to a server the organiser names: bounded per IP.
const outbound = { rateLimit: { max: 20, timeWindow: '10 minutes' } };

/** The mailbox form: typed values (for showing again), the settings, or the problems. */
function mailboxForm(
  t: Messages,
  body: Body,
  production: boolean,
  hasStoredPassword: boolean,
): { values: MailboxFormValues; password: string | null; errors: FieldErrors } {
  const m = t.mailIntake;
  const values: MailboxFormValues = {
    host: str(body, 'host').trim().slice(0, 300),
    port: str(body, 'port').trim().slice(0, 10),
    tls: str(body, 'tls'),
    username: str(body, 'username').trim().slice(0, 300),
    folder: str(body, 'folder').trim().slice(0, 300),
    address: str(body, 'address').trim().slice(0, 300),
    flag: str(body, 'flag') === 'on',
  };
  const password = str(body, 'password');
  const errors: FieldErrors = {};
  if (values.host === '') errors.host = t.fields.invalid_value;
  else if (values.host.length > 253 || !/^[A-Za-z0-9.:[\]-]+$/.test(values.host)) errors.host = t.fields.invalid_value;
  const port = Number(values.port);
  if (!/^\d{1,5}$/.test(values.port) || port < 1 || port > 65535) errors.port = t.fields.invalid_value;
  if (!(SECURITY as readonly string[]).includes(values.tls)) errors.tls = t.fields.invalid_value;
  else if (values.tls === 'none' && production && !LOOPBACK.has(values.host.toLowerCase()))
    errors.tls = m.tlsNoneRefused;
  if (values.username === '' || values.username.length > 254) errors.username = t.fields.invalid_value;
  if (password === '' && !hasStoredPassword) errors.password = t.fields.password_required;
  if (password.length > 500) errors.password = t.fields.too_long(500);
  if (values.folder === '' || values.folder.length > 200 || /[\p{Cc}]/u.test(values.folder))
    errors.folder = t.fields.invalid_value;
  if (values.address !== '' && !looksLikeEmail(values.address)) errors.address = t.fields.email_invalid;
  return { values, password: password === '' ? null : password, errors };
}

/** The people of the review form (`p.<i>.<field>`), blank rows left out. */
function postedPeople(body: Body): PersonDraft[] {
  const people: PersonDraft[] = [];
  for (let i = 0; i < 30; i++) {
    const field = (name: string) => str(body, `p.${i}.${name}`);
    // Free text is trimmed, and kept up to twice its limit so that "too long" can be shown.
    const text = (name: 'name' | 'email' | 'roleOther' | 'organization' | 'needs') =>
      field(name)
        .trim()
        .slice(0, LIMITS[name] * 2);
    if (!Object.keys(body).some((k) => k.startsWith(`p.${i}.`))) continue;
    const person: PersonDraft = {
      name: text('name'),
      email: text('email'),
      role: field('role').slice(0, LIMITS.role),
      roleOther: text('roleOther'),
      session: field('session').slice(0, LIMITS.session),
      organization: text('organization'),
      needs: text('needs'),
    };
    if (person.name === '' && person.email === '' && person.organization === '' && person.needs === '') continue;
    people.push(person);
  }
  return people;
}

/** Checks of the review form that the sign-up itself does not make (lengths, address shape). */
function peopleProblems(t: Messages, people: PersonDraft[]): FieldErrors {
  const errors: FieldErrors = {};
  people.forEach((p, i) => {
    const key = (f: string) => `p.${i}.${f}`;
    if (p.name === '') errors[key('name')] = t.fields.other_name_required;
    else if (p.name.length > LIMITS.name) errors[key('name')] = t.fields.too_long(LIMITS.name);
    if (p.email === '') errors[key('email')] = t.fields.email_required;
    else if (!looksLikeEmail(p.email)) errors[key('email')] = t.fields.email_invalid;
    if (p.role === '') errors[key('role')] = t.fields.role_required;
    if (p.organization.length > LIMITS.organization)
      errors[key('organization')] = t.fields.too_long(LIMITS.organization);
    if (p.roleOther.length > LIMITS.roleOther) errors[key('roleOther')] = t.fields.too_long(LIMITS.roleOther);
    if (p.needs.length > LIMITS.needs) errors[key('needs')] = t.fields.too_long(LIMITS.needs);
  });
  return errors;
}

/** A message file or mbox export, not something else picked by mistake. */
function looksLikeMail(data: Buffer): boolean {
  if (looksLikeMbox(data)) return true;
  const head = data.subarray(0, 4096).toString('latin1');
  return /^[\x21-\x39\x3b-\x7e]{1,76}:/m.test(head) && !head.includes('\0');
}

export async function registerMailIntakeRoutes(app: FastifyInstance, services: AdminServices) {
  // Only this scope accepts multipart bodies; the limits are set per request below.
  await app.register(multipart, { limits: { fileSize: UPLOAD_MAX_MB * 1024 * 1024, files: UPLOAD_MAX_FILES } });
  const key = credentialKeyFrom(services.config.secret);
  const csrf = { preHandler: app.csrfProtection };
  const deps = () => ({ db: services.store.db, adapter: services.store.adapter, notifier: services.notifier });

  async function load(req: FastifyRequest, reply: FastifyReply): Promise<Loaded | null> {
    const loaded = await loadEventForAdmin(services, req, reply, 'organiser');
    if (!loaded) return null;
    const event = await getEvent(services.store.db, loaded.event.slug, { includeUnpublished: true });
    if (!event) {
      await sendAdminNotFound(req, reply);
      return null;
    }
    return { event, permission: loaded.permission };
  }

  /** The event and the signed-in organiser, or null when there is no going on. */
  async function loadWithUser(
    req: FastifyRequest,
    reply: FastifyReply,
  ): Promise<(Loaded & { user: AdminUser }) | null> {
    const loaded = await load(req, reply);
    if (!loaded) return null;
    const user = req.user;
    if (!user) return null;
    return { ...loaded, user };
  }

  /** Back to the mailbox page, which says what was done (`ok=…`). */
  function backToPage(reply: FastifyReply, loaded: Loaded, query: string) {
    return reply.redirect(`${mailPath(loaded.event.slug)}?${query}`, 303);
  }

  /** One of the two pages, given what both are given (the admin context, the event, the permission). */
  function sendPage(
    req: FastifyRequest,
    reply: FastifyReply,
    loaded: Loaded,
    status: number,
    page: (common: { ctx: AdminViewContext; event: EventDetails; permission: Loaded['permission'] }) => JSX.Element,
  ) {
    return sendHtml(
      reply,
      page({ ctx: adminContext(req, reply), event: loaded.event, permission: loaded.permission }),
      status,
    );
  }

  const renderPage: Render<MailIntakePageState> = async (req, reply, loaded, state, status = 200) => {
    const [mailbox, list] = await Promise.all([
      getMailbox(services.store.db, loaded.event.id),
      listIntakeMessages(services.store.db, loaded.event.id),
    ]);
    return sendPage(req, reply, loaded, status, (common) => (
      <MailIntakePage {...common} mailbox={mailbox} list={list} state={state} />
    ));
  };

  function intakeId(req: FastifyRequest): number | null {
    const raw = (req.params as { id?: string }).id ?? '';
    return /^\d{1,9}$/.test(raw) ? Number(raw) : null;
  }

  const renderMessage: Render<IntakeMessagePageState> = async (req, reply, loaded, state, status = 200) => {
    const id = intakeId(req);
    const message = id === null ? null : await getIntakeMessage(services.store.db, loaded.event.id, id);
    if (!message) return sendAdminNotFound(req, reply);
    if (!state.errors && message.state === 'pending_review') {
      // The automatic sign-up was refused for some fields: show why beside them at once.
      state = { ...state, errors: fieldErrorTexts(req.t, message.outcomeFields) };
    }
    return sendPage(req, reply, loaded, status, (common) => (
      <IntakeMessagePage {...common} message={message} state={state} />
    ));
  };

  app.get('/admin/events/:slug/mail', async (req, reply) => {
    const loaded = await load(req, reply);
    if (!loaded) return;
    const query = (req.query ?? {}) as Record<string, unknown>;
    const m = req.t.mailIntake;
    const n = Number(query.n);
    const count = Number.isInteger(n) && n >= 0 && n < 1e7 ? n : 0;
    // What was done (`ok=…`, from backToPage), said on the page.
    const done: Record<string, () => string> = {
      saved: () => m.saved,
      disconnected: () => m.disconnected,
      polled: () => m.polled(count),
      ignored: () => m.ignored,
      handled: () => m.handled,
      accepted: () => m.accepted(count),
      cancelled: () => m.cancelledDone(count),
      changed: () => m.changedDone,
    };
    const flash = typeof query.ok === 'string' && Object.hasOwn(done, query.ok) ? done[query.ok]?.() : undefined;
    return renderPage(req, reply, loaded, { flash });
  });

  // One form, two buttons: save the settings, or only test them.
  app.post('/admin/events/:slug/mail/mailbox', { ...csrf, config: outbound }, async (req, reply) => {
    const loaded = await loadWithUser(req, reply);
    if (!loaded) return;
    const { user } = loaded;
    const t = req.t;
    const body = (req.body ?? {}) as Body;
    const stored = await getMailbox(services.store.db, loaded.event.id);
    const form = mailboxForm(t, body, services.config.production, Boolean(stored?.hasPassword));
    if (Object.keys(form.errors).length > 0)
      return renderPage(req, reply, loaded, { values: form.values, errors: form.errors }, 422);
    const settings = {
      host: form.values.host,
      port: Number(form.values.port),
      tls: form.values.tls as MailboxSecurity,
      username: form.values.username,
      folder: form.values.folder,
    };
    if (str(body, 'action') === 'test') {
      const password =
        form.password ??
        (stored ? (await getMailboxConnection(services.store.db, stored.id, key))?.password : null) ??
        null;
      if (password === null)
        return renderPage(
          req,
          reply,
          loaded,
          { values: form.values, errors: { password: t.fields.password_required } },
          422,
        );
      const result = await testImapConnection({ ...settings, password });
      const m = t.mailIntake;
      return renderPage(req, reply, loaded, {
        values: form.values,
        test: result.ok
          ? { ok: true, text: m.testOk(result.messages) }
          : { ok: false, text: `${m.testFailed} ${m.errors[result.code]}`, detail: result.detail },
      });
    }
    const result = await saveMailbox(
      { db: services.store.db, adapter: services.store.adapter },
      {
        eventId: loaded.event.id,
        ...settings,
        password: form.password,
        address: form.values.address,
        flagProcessed: form.values.flag,
        userId: user.id,
        actor: actorOf(user),
      },
      key,
      services.now(),
    );
    if (!result.ok)
      return renderPage(
        req,
        reply,
        loaded,
        { values: form.values, errors: { password: t.fields.password_required } },
        failureStatus[result.code],
      );
    return backToPage(reply, loaded, 'ok=saved');
  });

  app.post('/admin/events/:slug/mail/poll', { ...csrf, config: outbound }, async (req, reply) => {
    const loaded = await load(req, reply);
    if (!loaded) return;
    const mailbox = await getMailbox(services.store.db, loaded.event.id);
    if (!mailbox?.enabled) return sendAdminNotFound(req, reply);
    const result = await pollMailbox(
      services.store,
      { notifier: services.notifier, credentialKey: key, now: services.now, onMailQueued: services.mailQueued },
      mailbox.id,
    );
    if (!result.claimed) return renderPage(req, reply, loaded, { problem: req.t.mailIntake.pollBusy }, 409);
    // A failure is shown by the mailbox's status on the page.
    return backToPage(reply, loaded, `ok=polled&n=${result.ok ? result.handled : 0}`);
  });

  app.post('/admin/events/:slug/mail/disconnect', csrf, async (req, reply) => {
    const loaded = await loadWithUser(req, reply);
    if (!loaded) return;
    const result = await disconnectMailbox(
      { db: services.store.db, adapter: services.store.adapter },
      { eventId: loaded.event.id, actor: actorOf(loaded.user) },
      services.now(),
    );
    if (!result.ok) return sendAdminNotFound(req, reply);
    return backToPage(reply, loaded, 'ok=disconnected');
  });

  // Multipart: the CSRF token is the form's first field, checked before any file is read.
  app.post('/admin/events/:slug/mail/upload', async (req, reply) => {
    const loaded = await loadWithUser(req, reply);
    if (!loaded) return;
    const { user } = loaded;
    const m = req.t.mailIntake;
    const refuse = (uploadError: string, status: number) => renderPage(req, reply, loaded, { uploadError }, status);
    if (!req.isMultipart()) return refuse(m.uploadNone, 415);
    const files: { name: string; data: Buffer }[] = [];
    let csrfChecked = false;
    let total = 0;
    try {
      for await (const part of req.parts({
        limits: {
          fileSize: UPLOAD_MAX_MB * 1024 * 1024,
          files: UPLOAD_MAX_FILES,
          fields: 5,
          parts: UPLOAD_MAX_FILES + 5,
        },
      })) {
        if (!csrfChecked) {
          const token = part.type === 'field' && part.fieldname === '_csrf' ? String(part.value) : '';
          (req as { body: unknown }).body = { _csrf: token };
          let passed = false;
          // Synchronous: it either calls on or answers 403 itself.
          app.csrfProtection(req, reply, () => {
            passed = true;
          });
          if (!passed) return reply;
          csrfChecked = true;
          if (part.type === 'field') continue;
        }
        if (part.type !== 'file') continue;
        const data = await part.toBuffer();
        if (data.length === 0 && !part.filename) continue; // the empty file input
        total += data.length;
        if (total > UPLOAD_MAX_TOTAL_MB * 1024 * 1024) return refuse(m.uploadTotalTooLarge(UPLOAD_MAX_TOTAL_MB), 413);
        const name = (part.filename || 'upload').slice(0, 200);
        if (!looksLikeMail(data)) return refuse(m.uploadBadType(name), 422);
        files.push({ name, data });
      }
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'FST_REQ_FILE_TOO_LARGE') return refuse(m.uploadTooLarge(UPLOAD_MAX_MB), 413);
      if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT')
        return refuse(m.uploadTooMany(UPLOAD_MAX_FILES), 413);
      if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return refuse(m.uploadNone, 415);
      throw error;
    }
    if (!csrfChecked) {
      (req as { body: unknown }).body = {};
      let passed = false;
      app.csrfProtection(req, reply, () => {
        passed = true;
      });
      if (!passed) return reply;
    }
    if (files.length === 0) return refuse(m.uploadNone, 422);
    const counts = await importMessages(
      deps(),
      { eventId: loaded.event.id, files, actor: actorOf(user) },
      services.now(),
    );
    if (counts.accepted + counts.cancelled + counts.changed > 0) services.mailQueued();
    return renderPage(req, reply, loaded, {
      flash: `${m.uploaded(counts.messages, counts.accepted, counts.cancelled, counts.changed, counts.review, counts.ignored, counts.duplicates)}${counts.skipped > 0 ? ` ${m.uploadSkipped(counts.skipped)}` : ''}`,
    });
  });

  app.get('/admin/events/:slug/mail/:id', async (req, reply) => {
    const loaded = await load(req, reply);
    if (!loaded) return;
    return renderMessage(req, reply, loaded, {});
  });

  /** A refused decision, shown on the message's page. */
  function refuse(
    req: FastifyRequest,
    reply: FastifyReply,
    loaded: Loaded,
    failure: Failure,
    state: IntakeMessagePageState = {},
  ) {
    const t = req.t;
    const errors: FieldErrors = { ...(state.errors ?? {}), ...fieldErrorTexts(t, failure.fields ?? {}) };
    const problem =
      failure.code === 'conflict'
        ? t.mailIntake.conflict
        : failure.code === 'invalid'
          ? undefined
          : (t.mailIntake.outcomes[failure.code] ?? t.api[failure.code as keyof Messages['api']]);
    // not_found here is the event (unpublished: nobody can sign up); a missing message is a 404
    // from renderMessage itself.
    const status = failure.code === 'not_found' ? 409 : failureStatus[failure.code];
    return renderMessage(req, reply, loaded, { ...state, errors, problem }, status);
  }

  /** POST /admin/events/:slug/mail/:id/<action>: a decision on one message of the event. */
  function decision(
    action: string,
    handle: (req: FastifyRequest, reply: FastifyReply, decision: Decision) => Promise<unknown>,
  ) {
    app.post(`/admin/events/:slug/mail/:id/${action}`, csrf, async (req, reply) => {
      const loaded = await load(req, reply);
      if (!loaded) return;
      const user = req.user;
      const id = intakeId(req);
      if (!user || id === null) return sendAdminNotFound(req, reply);
      return handle(req, reply, {
        loaded,
        by: { eventId: loaded.event.id, intakeId: id, userId: user.id, actor: actorOf(user) },
      });
    });
  }

  decision('accept', async (req, reply, { loaded, by }) => {
    const t = req.t;
    const body = (req.body ?? {}) as Body;
    const people = postedPeople(body);
    const lang = isLang(str(body, 'lang')) ? str(body, 'lang') : 'nb';
    const state: IntakeMessagePageState = { people, lang };
    if (people.length === 0) {
      return renderMessage(req, reply, loaded, { ...state, errors: { 'p.0.name': t.fields.other_name_required } }, 422);
    }
    const errors = peopleProblems(t, people);
    if (Object.keys(errors).length > 0) return renderMessage(req, reply, loaded, { ...state, errors }, 422);
    const result = await acceptIntakeMessage(deps(), { ...by, action: 'register', people, lang }, services.now());
    if (!result.ok) return refuse(req, reply, loaded, result, state);
    services.mailQueued();
    return backToPage(reply, loaded, `ok=accepted&n=${result.registrationIds.length}`);
  });

  decision('cancel', async (req, reply, { loaded, by }) => {
    const chosen = all((req.body ?? {}) as Body, 'registration')
      .filter((v) => /^\d{1,9}$/.test(v))
      .map(Number)
      .slice(0, 50);
    if (chosen.length === 0)
      return renderMessage(req, reply, loaded, { errors: { registrations: req.t.mailIntake.pickRegistrations } }, 422);
    const result = await acceptIntakeMessage(
      deps(),
      { ...by, action: 'cancel', registrationIds: chosen },
      services.now(),
    );
    if (!result.ok) return refuse(req, reply, loaded, result);
    services.mailQueued();
    return backToPage(reply, loaded, `ok=cancelled&n=${result.registrationIds.length}`);
  });

  decision('change', async (req, reply, { loaded, by }) => {
    const m = req.t.mailIntake;
    const body = (req.body ?? {}) as Body;
    const { event } = loaded;
    const registration = str(body, 'registration');
    const session = str(body, 'session');
    const role = str(body, 'role');
    const needs = str(body, 'needs').trim();
    const change = { registration, session, role, needs };
    const errors: FieldErrors = {};
    if (!/^\d{1,9}$/.test(registration)) errors.registration = m.pickRegistration;
    const sessions = [...event.sessions.map((s) => s.code), ...(event.allowNoSession ? ['none'] : [])];
    if (session !== '' && !sessions.includes(session)) errors.session = req.t.fields.invalid_value;
    if (role !== '' && !event.roles.some((r) => r.code === role)) errors.role = req.t.fields.invalid_value;
    if (needs.length > 1000) errors.needs = req.t.fields.too_long(1000);
    if (Object.keys(errors).length === 0 && session === '' && role === '' && needs === '')
      errors.session = m.changeNothing;
    if (Object.keys(errors).length > 0) return renderMessage(req, reply, loaded, { change, errors }, 422);
    const result = await acceptIntakeMessage(
      deps(),
      {
        ...by,
        action: 'change',
        registrationId: Number(registration),
        change: { session: session || null, role: role || null, needs: needs || null },
      },
      services.now(),
    );
    if (!result.ok) {
      // Closed for session changes (the sign-up deadline) reads differently from closed for details.
      if (result.code === 'change_closed' && session !== '')
        return renderMessage(
          req,
          reply,
          loaded,
          { change, problem: m.outcomes.session_change_closed },
          failureStatus.change_closed,
        );
      return refuse(req, reply, loaded, result, { change });
    }
    services.mailQueued();
    return backToPage(reply, loaded, 'ok=changed');
  });

  decision('handled', async (req, reply, { loaded, by }) => {
    const result = await acceptIntakeMessage(deps(), { ...by, action: 'handled' }, services.now());
    if (!result.ok) return refuse(req, reply, loaded, result);
    return backToPage(reply, loaded, 'ok=handled');
  });

  decision('ignore', async (req, reply, { loaded, by }) => {
    const result = await ignoreIntakeMessage(
      { db: services.store.db, adapter: services.store.adapter },
      by,
      services.now(),
    );
    if (!result.ok) return refuse(req, reply, loaded, result);
    return backToPage(reply, loaded, 'ok=ignored');
  });
}

/** Field problem codes (`p.0.role` → `role_required`) as the messages shown beside the fields. */
function fieldErrorTexts(t: Messages, problems: Record<string, string>): FieldErrors {
  const errors: FieldErrors = {};
  for (const [field, problem] of Object.entries(problems)) {
    const text = (t.fields as Record<string, unknown>)[problem];
    errors[field] = typeof text === 'string' ? text : t.fields.invalid_value;
  }
  return errors;
}
