// A private Dovecot IMAP server for tests (Debian's dovecot-imapd): its own configuration, a
// password file and a maildir under a temporary folder, plain IMAP on a free high port on
// loopback, in the foreground (-F). Run as root (CI), Dovecot's own unprivileged users serve the
// logins and the mail; run as anyone else, everything runs as that user.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

export const DOVECOT = ['/usr/sbin/dovecot', '/usr/bin/dovecot'].find((path) => existsSync(path)) ?? null;

export interface TestDovecot {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Delivers a message into the user's INBOX (IMAP APPEND), as a mail server would. */
  deliver(raw: Buffer, date?: Date): Promise<number>;
  /** The flags of the message with this UID. */
  flags(uid: number): Promise<string[]>;
  /** Stops the server (the port refuses connections afterwards); start() brings it back. */
  stop(): Promise<void>;
  start(): Promise<void>;
  dispose(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once the server sends its greeting. */
async function greeted(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.setTimeout(1000);
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('* OK'));
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`dovecot did not answer on port ${port}`);
}

function idOf(flag: '-u' | '-g', name: string): number {
  return Number(execFileSync('id', [flag, name]).toString().trim());
}

export async function startDovecot(): Promise<TestDovecot> {
  if (!DOVECOT) throw new Error('dovecot is not installed (apt-get install dovecot-imapd)');
  const dir = mkdtempSync(join(tmpdir(), 'samskap-dovecot-'));
  const port = await freePort();
  const user = 'pamelding@example.no';
  const password = 'imap-test-passord-1';
  const me = userInfo();
  const root = me.uid === 0;
  // Dovecot refuses to run its login processes, or to touch mail, as root.
  const loginUser = root ? 'dovenull' : me.username;
  const internalUser = root ? 'dovecot' : me.username;
  const mailUid = root ? idOf('-u', 'dovecot') : me.uid;
  const mailGid = root ? idOf('-g', 'dovecot') : me.gid;
  const internalGroup = root ? 'dovecot' : execFileSync('id', ['-gn']).toString().trim();
  const mailDir = join(dir, 'mail');
  mkdirSync(join(dir, 'run'));
  mkdirSync(join(dir, 'state'));
  mkdirSync(mailDir);
  if (root) {
    chmodSync(dir, 0o755);
    chownSync(mailDir, mailUid, mailGid);
  }
  writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${password}::::::\n`, { mode: 0o644 });
  const conf = join(dir, 'dovecot.conf');
  writeFileSync(
    conf,
    [
      `base_dir = ${join(dir, 'run')}`,
      `state_dir = ${join(dir, 'state')}`,
      'log_path = /dev/stderr',
      'protocols = imap',
      'listen = 127.0.0.1',
      'ssl = no',
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      `default_login_user = ${loginUser}`,
      `default_internal_user = ${internalUser}`,
      `default_internal_group = ${internalGroup}`,
      `first_valid_uid = ${mailUid}`,
      'passdb {',
      '  driver = passwd-file',
      `  args = scheme=PLAIN username_format=%u ${join(dir, 'passwd')}`,
      '}',
      'userdb {',
      '  driver = static',
      `  args = uid=${mailUid} gid=${mailGid} home=${mailDir}/%u`,
      '}',
      `mail_location = maildir:${mailDir}/%u/Maildir`,
      'service imap-login {',
      '  inet_listener imap {',
      '    address = 127.0.0.1',
      `    port = ${port}`,
      '  }',
      '  inet_listener imaps {',
      '    port = 0',
      '  }',
      '  chroot =',
      '}',
      'service anvil {',
      '  chroot =',
      '}',
      '',
    ].join('\n'),
  );

  let child: ChildProcess | null = null;
  let log = '';
  const start = async () => {
    const proc = spawn(DOVECOT, ['-F', '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout?.on('data', (d) => (log += d));
    proc.stderr?.on('data', (d) => (log += d));
    child = proc;
    try {
      await greeted(port, 10_000);
    } catch (error) {
      proc.kill('SIGKILL');
      throw new Error(`${(error as Error).message}\n${log.slice(-2000)}`);
    }
  };
  const stop = async () => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  };
  const session = async <T>(fn: (imap: ImapFlow) => Promise<T>): Promise<T> => {
    const imap = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      doSTARTTLS: false,
      auth: { user, pass: password },
      logger: false,
    });
    imap.on('error', () => {});
    await imap.connect();
    try {
      return await fn(imap);
    } finally {
      await imap.logout().catch(() => {});
    }
  };
  await start();
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    deliver: (raw, date) =>
      session(async (imap) => {
        const result = await imap.append('INBOX', raw, [], date);
        return result && typeof result === 'object' && result.uid ? result.uid : 0;
      }),
    flags: (uid) =>
      session(async (imap) => {
        await imap.mailboxOpen('INBOX', { readOnly: true });
        const msg = await imap.fetchOne(String(uid), { flags: true }, { uid: true });
        return msg !== false && msg.flags ? [...msg.flags] : [];
      }),
    stop,
    start,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
