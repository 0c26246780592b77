// Messages to an event's participants (organisers only): write to a segment with preview and a
// test to oneself, the reminder setting, the thank-you, change notices, cancelling the event,
// and the evaluation summary.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../../core/accounts/types.ts';
import { getEvaluationSummary } from '../../core/evaluations/get-evaluation-summary.ts';
import { cancelEvent } from '../../core/events/cancel-event.ts';
import { getEvent } from '../../core/events/get-event.ts';
import type { EventDetails } from '../../core/events/types.ts';
import { getMessagesOverview } from '../../core/messages/get-messages-overview.ts';
import { placeholderProblems } from '../../core/messages/placeholders.ts';
import { previewMessage } from '../../core/messages/preview-message.ts';
import { saveMessageSettings } from '../../core/messages/save-message-settings.ts';
import { parseSegment } from '../../core/messages/segments.ts';
import { sendChangeNotice } from '../../core/messages/send-change-notice.ts';
import { sendMessage } from '../../core/messages/send-message.ts';
import { sendTestMessage } from '../../core/messages/send-test-message.ts';
import { sendThanks } from '../../core/messages/send-thanks.ts';
import type { MessageDeps } from '../../core/messages/types.ts';
import type { Failure } from '../../core/shared/result.ts';
import { sendHtml } from '../app.ts';
import { failureStatus } from '../errors.ts';
import type { Messages } from '../i18n/index.ts';
import {
  BODY_MAX,
  EvaluationSummaryPage,
  MessagesPage,
  type MessagesPageState,
  messagesPath,
  SUBJECT_MAX,
} from '../views/admin/messages.tsx';
import type { FieldErrors } from '../views/forms.tsx';
import { adminContext, loadEventForAdmin, sendAdminNotFound } from './auth.ts';
import type { AdminServices } from './routes.ts';

type Body = Record<string, unknown>;
type Loaded = { event: EventDetails; permission: 'organiser' | 'facilitator' };

function str(body: Body, name: string): string {
  const raw = Array.isArray(body[name]) ? (body[name] as unknown[])[0] : body[name];
  return typeof raw === 'string' ? raw : '';
}

/** What was typed into the forms, cut to a sane length, for showing them again. */
function typed(body: Body, names: string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, str(body, n).slice(0, BODY_MAX * 2)]));
}

/** A required text with placeholders: its value, or the sentence saying what is wrong. */
function messageText(
  t: Messages,
  body: Body,
  name: string,
  max: number,
  requiredKey: 'subject_required' | 'body_required',
): { value: string; error?: string } {
  const value = str(body, name).replace(/\r\n?/g, '\n').trim();
  const m = t.admin.messages;
  if (value === '') return { value, error: t.fields[requiredKey] };
  if (value.length > max) return { value, error: m.tooLong(max) };
  if (name.toLowerCase().endsWith('subject') && value.includes('\n')) return { value, error: t.fields.invalid_value };
  const problems = placeholderProblems(value);
  if (problems) {
    return {
      value,
      error:
        problems.unknown.length > 0
          ? m.placeholderUnknown(problems.unknown.join(', '))
          : m.placeholderUnbalanced(problems.unbalanced.map((p) => `«${p}»`).join(', ')),
    };
  }
  return { value };
}

function versionOf(body: Body): number | null {
  const raw = str(body, 'version');
  return /^\d{1,9}$/.test(raw) ? Number(raw) : null;
}

function count(query: Record<string, unknown>): number {
  const n = Number(query.n);
  return Number.isInteger(n) && n >= 0 && n < 10_000_000 ? n : 0;
}

export function registerMessageRoutes(app: FastifyInstance, services: AdminServices) {
  const deps = (): MessageDeps => ({
    db: services.store.db,
    adapter: services.store.adapter,
    mailer: services.messageMailer,
  });
  const csrf = { preHandler: app.csrfProtection };

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

  async function render(
    req: FastifyRequest,
    reply: FastifyReply,
    loaded: Loaded,
    state: MessagesPageState,
    status = 200,
  ) {
    const overview = await getMessagesOverview(services.store.db, loaded.event.id);
    if (!overview) return sendAdminNotFound(req, reply);
    return sendHtml(
      reply,
      <MessagesPage
        ctx={adminContext(req, reply)}
        event={loaded.event}
        permission={loaded.permission}
        overview={overview}
        now={services.now()}
        state={state}
      />,
      status,
    );
  }

  /** A refused action shown on the page with the status its failure code maps to. */
  function refuse(
    req: FastifyRequest,
    reply: FastifyReply,
    loaded: Loaded,
    failure: Failure,
    values: Record<string, string>,
    fieldNames: Record<string, string> = {},
  ) {
    const t = req.t;
    if (failure.code === 'not_found') return sendAdminNotFound(req, reply);
    const errors: FieldErrors = {};
    for (const [field, key] of Object.entries(failure.fields ?? {})) {
      const name = fieldNames[field] ?? field;
      errors[name] = (t.fields as Record<string, string | ((n: number) => string)>)[key] as string;
    }
    const problem =
      failure.code === 'stale_version'
        ? t.admin.common.stale
        : failure.code === 'conflict'
          ? t.admin.messages.alreadyCancelled
          : failure.code === 'invalid'
            ? undefined
            : t.api[failure.code];
    return render(req, reply, loaded, { errors, problem, values }, failureStatus[failure.code]);
  }

  app.get('/admin/events/:slug/messages', async (req, reply) => {
    const loaded = await load(req, reply);
    if (!loaded) return;
    const query = (req.query ?? {}) as Record<string, unknown>;
    const m = req.t.admin.messages;
    const n = count(query);
    const flash =
      query.ok === 'sent'
        ? m.sent(n)
        : query.ok === 'test'
          ? m.testSent(req.user?.email ?? '')
          : query.ok === 'settings'
            ? m.settingsSaved
            : query.ok === 'thanks'
              ? m.thanksDone(n)
              : query.ok === 'change'
                ? m.changeSent(n)
                : query.ok === 'cancelled'
                  ? m.cancelledDone(n)
                  : undefined;
    return render(req, reply, loaded, { flash });
  });

  // One form, three buttons: preview (shows the mail, writes nothing), a test to oneself, send.
  app.post('/admin/events/:slug/messages', csrf, async (req, reply) => {
    const loaded = await load(req, reply);
    if (!loaded) return;
    const user = req.user;
    if (!user) return;
    const t = req.t;
    const body = (req.body ?? {}) as Body;
    const action = str(body, 'action');
    const values = typed(body, ['segment', 'subject', 'body']);
    const errors: FieldErrors = {};
    const segment = parseSegment(
      str(body, 'segment'),
      loaded.event.sessions.map((s) => s.code),
    );
    if (!segment && action !== 'test') errors.segment = t.fields.segment_required;
    const subject = messageText(t, body, 'subject', SUBJECT_MAX, 'subject_required');
    const text = messageText(t, body, 'body', BODY_MAX, 'body_required');
    if (subject.error) errors.subject = subject.error;
    if (text.error) errors.body = text.error;
    if (Object.keys(errors).length > 0) return render(req, reply, loaded, { errors, values }, 422);
    const input = { eventId: loaded.event.id, subject: subject.value, body: text.value };

    if (action === 'test') {
      const result = await sendTestMessage(deps(), { ...input, user }, services.now());
      if (!result.ok) return refuse(req, reply, loaded, result, values);
      services.mailQueued();
      // Back to the form with what was written, so the organiser can send it after checking the test.
      return render(req, reply, loaded, { flash: t.admin.messages.testSent(result.to), values });
    }
    if (!segment) return render(req, reply, loaded, { errors, values }, 422);
    if (action === 'send') {
      const result = await sendMessage(deps(), { ...input, segment, user }, services.now());
      if (!result.ok) return refuse(req, reply, loaded, result, values);
      services.mailQueued();
      return reply.redirect(`${messagesPath(loaded.event.slug)}?ok=sent&n=${result.recipients}`, 303);
    }
    const preview = await previewMessage(deps(), { ...input, segment });
    if (!preview.ok) return refuse(req, reply, loaded, preview, values);
    return render(req, reply, loaded, { preview, values });
  });

  app.post('/admin/events/:slug/messages/settings', csrf, async (req, reply) => {
    const loaded = await load(req, reply);
    if (!loaded || !req.user) return;
    const body = (req.body ?? {}) as Body;
    const values = typed(body, ['reminderDays', 'autoPromoteDays', 'offerHours']);
    const version = versionOf(body);
    // A field left out of the post (an older form) keeps its saved value.
    const saved = await services.store.db
      .selectFrom('events')
      .select(['reminder_days', 'auto_promote_days', 'offer_hours'])
      .where('id', '=', loaded.event.id)
      .executeTakeFirstOrThrow();
    const whole = (name: string, current: number) => {
      if (body[name] === undefined) return current;
      const raw = str(body, name).trim();
      return /^\d{1,3}$/.test(raw) ? Number(raw) : Number.NaN;
    };
    const input = {
      reminderDays: whole('reminderDays', saved.reminder_days),
      autoPromoteDays: whole('autoPromoteDays', saved.auto_promote_days),
      offerHours: whole('offerHours', saved.offer_hours),
    };
    const messagesFor = (fields: Record<string, unknown>) => {
      const f = req.t.fields;
      const errors: Record<string, string> = {};
      if ('reminderDays' in fields) errors.reminderDays = f.reminder_days_invalid;
      if ('autoPromoteDays' in fields) errors.autoPromoteDays = f.auto_promote_days_invalid;
      if ('offerHours' in fields) errors.offerHours = f.offer_hours_invalid;
      return errors;
    };
    if (version === null) return render(req, reply, loaded, { errors: messagesFor({ reminderDays: 1 }), values }, 422);
    const result = await saveMessageSettings(
      deps(),
      { eventId: loaded.event.id, version, actor: actorOf(req.user), ...input },
      services.now(),
    );
    if (!result.ok) {
      if (result.code === 'invalid')
        return render(req, reply, loaded, { errors: messagesFor(result.fields ?? {}), values }, 422);
      return refuse(req, reply, loaded, result, {});
    }
    return reply.redirect(`${messagesPath(loaded.event.slug)}?ok=settings`, 303);
  });

  app.post('/admin/events/:slug/messages/thanks', csrf, async (req, reply) => {
    const loaded = await load(req, reply);
    if (!loaded || !req.user) return;
    const result = await sendThanks(deps(), { eventId: loaded.event.id, user: req.user }, services.now());
    if (!result.ok) {
      if (result.code === 'conflict')
        return render(req, reply, loaded, { problem: req.t.admin.messages.thanksAlready }, 409);
      return refuse(req, reply, loaded, result, {});
    }
    services.mailQueued();
    return reply.redirect(`${messagesPath(loaded.event.slug)}?ok=thanks&n=${result.recipients}`, 303);
  });

  app.post('/admin/events/:slug/messages/change', csrf, async (req, reply) => {
    const loaded = await load(req, reply);
    if (!loaded || !req.user) return;
    const t = req.t;
    const body = (req.body ?? {}) as Body;
    const values = typed(body, ['changeSubject', 'changeBody']);
    const subject = messageText(t, body, 'changeSubject', SUBJECT_MAX, 'subject_required');
    const text = messageText(t, body, 'changeBody', BODY_MAX, 'body_required');
    const errors: FieldErrors = {};
    if (subject.error) errors.changeSubject = subject.error;
    if (text.error) errors.changeBody = text.error;
    if (Object.keys(errors).length > 0) return render(req, reply, loaded, { errors, values }, 422);
    const result = await sendChangeNotice(
      deps(),
      { eventId: loaded.event.id, subject: subject.value, body: text.value, user: req.user },
      services.now(),
    );
    if (!result.ok) return refuse(req, reply, loaded, result, values, { subject: 'changeSubject', body: 'changeBody' });
    services.mailQueued();
    return reply.redirect(`${messagesPath(loaded.event.slug)}?ok=change&n=${result.recipients}`, 303);
  });

  app.post('/admin/events/:slug/cancel-event', csrf, async (req, reply) => {
    const loaded = await load(req, reply);
    if (!loaded || !req.user) return;
    const t = req.t;
    const body = (req.body ?? {}) as Body;
    const values = typed(body, ['cancelSubject', 'cancelBody']);
    const subject = messageText(t, body, 'cancelSubject', SUBJECT_MAX, 'subject_required');
    const text = messageText(t, body, 'cancelBody', BODY_MAX, 'body_required');
    const errors: FieldErrors = {};
    if (subject.error) errors.cancelSubject = subject.error;
    if (text.error) errors.cancelBody = text.error;
    if (str(body, 'confirm') !== 'on') errors.confirm = t.fields.confirmation_required;
    const version = versionOf(body);
    if (version === null) errors.cancelSubject ??= t.fields.invalid_value;
    if (Object.keys(errors).length > 0 || version === null) return render(req, reply, loaded, { errors, values }, 422);
    const result = await cancelEvent(
      deps(),
      { eventId: loaded.event.id, version, subject: subject.value, body: text.value, user: req.user },
      services.now(),
    );
    if (!result.ok) return refuse(req, reply, loaded, result, values, { subject: 'cancelSubject', body: 'cancelBody' });
    services.mailQueued();
    return reply.redirect(`${messagesPath(loaded.event.slug)}?ok=cancelled&n=${result.recipients}`, 303);
  });

  app.get('/admin/events/:slug/evaluation', async (req, reply) => {
    const loaded = await load(req, reply);
    if (!loaded) return;
    const summary = await getEvaluationSummary(services.store.db, loaded.event.id);
    return sendHtml(
      reply,
      <EvaluationSummaryPage
        ctx={adminContext(req, reply)}
        event={loaded.event}
        permission={loaded.permission}
        summary={summary}
      />,
    );
  });
}
