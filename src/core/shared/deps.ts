import type { Db, DbAdapter } from '../../db/adapter.ts';
import type { Notification } from './notifications.ts';

/** Writes the side effects of a change (e-mails) into the outbox, inside the change's transaction. */
export interface Notifier {
  enqueue(trx: Db, notification: Notification, now: Date): Promise<void>;
}

/** What use cases need from the outside world, passed in so that tests can choose. */
export interface Deps {
  db: Db;
  adapter: DbAdapter;
  notifier: Notifier;
}
