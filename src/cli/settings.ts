// Reads the environment once, at the edge of the program (DESIGN.md: core never sees process.env).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AppConfig } from '../web/config.ts';

export interface Settings {
  port: number;
  host: string;
  databaseUrl: string;
  production: boolean;
  workers: number;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** How long a process keeps a claimed mail before another may try it (MAIL_LEASE_SECONDS). */
  mailLeaseMs: number;
  /** Mails a minute per process (MAIL_RATE_PER_MINUTE); 0 means no limit. */
  mailRatePerMinute: number;
  app: AppConfig;
}

/** SECRET from the environment; outside production one is generated once and kept in ./data/. */
function loadSecret(env: NodeJS.ProcessEnv, production: boolean): string {
  if (env.SECRET) {
    if (env.SECRET.length < 32) throw new Error('SECRET must be at least 32 characters long.');
    return env.SECRET;
  }
  if (production) throw new Error('SECRET is required when NODE_ENV=production (at least 32 characters).');
  const file = resolve('data/secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const production = env.NODE_ENV === 'production';
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number (got "${env.PORT}").`);
  const host = env.HOST ?? '127.0.0.1';
  const workers = Number(env.WORKERS ?? 1);
  if (!Number.isInteger(workers) || workers < 1)
    throw new Error(`WORKERS must be a whole number ≥ 1 (got "${env.WORKERS}").`);
  const databaseUrl = env.DATABASE_URL ?? 'sqlite:./data/samskap.db';
  if (workers > 1 && !databaseUrl.startsWith('postgres')) {
    throw new Error('WORKERS > 1 needs PostgreSQL: set DATABASE_URL=postgres://…');
  }
  const baseUrl = (env.BASE_URL ?? `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`).replace(/\/+$/, '');
  const mailFrom = env.MAIL_FROM ?? 'samskap <noreply@samskap.invalid>';
  const mailDomain = /@([^>\s]+)/.exec(mailFrom)?.[1] ?? 'samskap.invalid';
  const rateLimits = (env.RATE_LIMITS ?? 'on').toLowerCase() !== 'off';
  const leaseSeconds = Number(env.MAIL_LEASE_SECONDS ?? 60);
  if (!(leaseSeconds > 0))
    throw new Error(`MAIL_LEASE_SECONDS must be a positive number (got "${env.MAIL_LEASE_SECONDS}").`);
  const ratePerMinute = Number(env.MAIL_RATE_PER_MINUTE ?? 0);
  if (!Number.isInteger(ratePerMinute) || ratePerMinute < 0)
    throw new Error(`MAIL_RATE_PER_MINUTE must be a whole number ≥ 0 (got "${env.MAIL_RATE_PER_MINUTE}").`);
  return {
    port,
    host,
    databaseUrl,
    production,
    workers,
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom,
    mailLeaseMs: leaseSeconds * 1000,
    mailRatePerMinute: ratePerMinute,
    app: {
      baseUrl,
      production,
      rateLimits,
      secret: loadSecret(env, production),
      trustProxy: ['1', 'true', 'on', 'yes'].includes((env.TRUST_PROXY ?? '').toLowerCase()),
      mailDomain,
    },
  };
}
