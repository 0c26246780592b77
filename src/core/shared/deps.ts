import type { Db, DbAdapter } from '../../db/adapter.ts';
import type { EventDetails } from '../events/types.ts';
import type { Notification } from './notifications.ts';

/** Writes the side effects of a change (e-mails) into the outbox, inside the change's transaction. */
export interface Notifier {
  /** `event`, when the caller has it loaded, saves reading it again inside the transaction. */
  enqueue(trx: Db, notification: Notification, now: Date, context?: { event?: EventDetails }): Promise<void>;
}

/** The database and its engine adapter: what use cases without side effects need. */
export interface DbDeps {
  db: Db;
  adapter: DbAdapter;
}

/** What use cases need from the outside world, passed in so that tests can choose. */
export interface Deps {
  db: Db;
  adapter: DbAdapter;
  notifier: Notifier;
}
