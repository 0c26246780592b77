// Mail about accounts, as plain values; the mail module renders them into the outbox.
import type { Db } from '../../db/adapter.ts';

export type AccountNotification =
  | { kind: 'account.password_reset'; to: string; name: string; lang: string; token: string }
  | {
      kind: 'account.invited';
      to: string;
      lang: string;
      token: string;
      invitedBy: string;
      /** The organisation or event the invitation is for, as its readers know it. */
      scope: { kind: 'organization' | 'event'; name: string };
      role: string;
    };

/** Writes account mail into the outbox inside the caller's transaction. */
export interface AccountNotifier {
  enqueue(trx: Db, notification: AccountNotification, now: Date): Promise<void>;
}
