/** Settings the web app needs, read from the environment by the CLI (never inside core). */
export interface AppConfig {
  /** Absolute base URL for links in mails, the API and the calendar, without trailing slash. */
  baseUrl: string;
  production: boolean;
  /** false only for load tests and benchmarks (RATE_LIMITS=off). */
  rateLimits: boolean;
  /** Signs cookies. */
  secret: string;
  trustProxy: boolean;
  /** Host part of Message-IDs and calendar UIDs. */
  mailDomain: string;
}
