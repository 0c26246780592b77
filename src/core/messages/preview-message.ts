import { fail, type Result } from '../shared/result.ts';
import { segmentRecipients } from './segments.ts';
import { eventById, type MessageInput, messageProblems } from './send-message.ts';
import type { MessageDeps, RenderedMessage } from './types.ts';

export interface MessagePreview {
  /** The mail as the first recipient will get it (with a sample link); null when nobody is reached. */
  first: (RenderedMessage & { to: string; name: string }) | null;
  recipients: number;
  /** In the segment but skipped: no address of their own, or a bounced one. */
  withoutAddress: number;
  bounced: number;
}

/** What sending a message would do, without writing anything. */
export async function previewMessage(deps: MessageDeps, input: MessageInput): Promise<Result<MessagePreview>> {
  const fields = messageProblems(input);
  if (Object.keys(fields).length > 0) return fail('invalid', fields);
  const event = await eventById(deps.db, input.eventId);
  if (!event) return fail('not_found');
  const { recipients, withoutAddress, bounced } = await segmentRecipients(deps.db, event.id, input.segment);
  const recipient = recipients[0];
  const first = recipient
    ? {
        ...deps.mailer.render({
          kind: 'manual',
          event,
          batchId: null,
          recipient,
          subject: input.subject,
          body: input.body,
          token: null,
        }),
        to: recipient.email,
        name: recipient.name,
      }
    : null;
  return { ok: true as const, first, recipients: recipients.length, withoutAddress, bounced };
}
