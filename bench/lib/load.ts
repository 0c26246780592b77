// Load generation with autocannon: the event page, sign-ups through the JSON API and through the
// HTML form. Each sign-up carries an e-mail address no other request of the run uses.
import autocannon from 'autocannon';
import { onInterrupt } from './children.ts';

const running = new Set<autocannon.Instance>();
onInterrupt(() => {
  for (const instance of running) instance.stop();
});

/**
 * One load run. Throughput and latency are counted in a measurement window that starts after an
 * unmeasured lead-in under the same continuous load: counting from a cold start would miss the
 * first latency period (about a second at the app's current speed) and bias short runs low.
 */
export interface LoadResult {
  /** Answers with the expected status (200 for the page, 201 API, 303 form) in the window. */
  ok: number;
  /** ok per second of the window. */
  okPerSecond: number;
  /** All answers in the window, whatever their status. */
  answers: number;
  /** Length of the measurement window. */
  seconds: number;
  /** Unmeasured load before the window (JIT and connection warm-up). */
  leadInSeconds: number;
  /** Of the answers to requests sent and answered in the window. */
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** Count per HTTP status in the window. */
  statuses: Record<string, number>;
  /** Expected answers over the whole run, lead-in included (e.g. to compare with rows stored). */
  okTotal: number;
  /** Count per HTTP status over the whole run. */
  statusesTotal: Record<string, number>;
  /** Answers other than the expected one over the whole run, by status (e.g. 5xx). */
  unexpected: Record<string, number>;
  /** 4xx + 5xx answers over the whole run. */
  non2xx3xx: number;
  /** Connection errors including timeouts over the whole run (autocannon's `errors`). */
  errors: number;
  timeouts: number;
  errorSamples: string[];
  /** Present when collectBodies was asked for: the parsed JSON of the expected answers. */
  bodies?: unknown[];
}

export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds of the measurement window; ignored when amount is given. */
  duration: number;
  /** Seconds of load before the window starts (default 0). */
  leadIn?: number;
  /** Send exactly this many requests instead; the window is then the whole run. */
  amount?: number;
  expectStatus: number;
  requests?: autocannon.Request[];
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  collectBodies?: boolean;
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const errorSamples: string[] = [];
  const bodies: unknown[] = [];
  const expected = String(options.expectStatus);
  let requests = options.requests;
  if (options.collectBodies && requests) {
    requests = requests.map((r) => ({
      ...r,
      onResponse: (status: number, body: string) => {
        if (status !== options.expectStatus) return;
        try {
          bodies.push(JSON.parse(body));
        } catch {
          bodies.push(body);
        }
      },
    }));
  }
  const leadIn = options.amount ? 0 : (options.leadIn ?? 0);
  const statusesTotal: Record<string, number> = {};
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  const started = performance.now();
  const from = started + leadIn * 1000;
  const until = options.amount ? Number.POSITIVE_INFINITY : from + options.duration * 1000;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: leadIn + options.duration,
        ...(options.amount ? { amount: options.amount } : {}),
        method: options.method ?? 'GET',
        headers: options.headers,
        requests,
        timeout: 30,
      },
      (error, result) => {
        const ended = performance.now();
        running.delete(instance);
        if (error) return reject(error);
        const seconds = (Math.min(until, ended) - from) / 1000;
        const ok = statuses[expected] ?? 0;
        latencies.sort((a, b) => a - b);
        const count = (m: Record<string, number>, f: (code: number) => boolean) =>
          Object.entries(m)
            .filter(([c]) => f(Number(c)))
            .reduce((a, [, n]) => a + n, 0);
        resolve({
          ok,
          okPerSecond: seconds > 0 ? ok / seconds : 0,
          answers: count(statuses, () => true),
          seconds,
          leadInSeconds: leadIn,
          latencyMs: {
            p50: percentile(latencies, 0.5),
            p90: percentile(latencies, 0.9),
            p99: percentile(latencies, 0.99),
            max: latencies.at(-1) ?? Number.NaN,
            mean: latencies.length > 0 ? latencies.reduce((a, b) => a + b, 0) / latencies.length : Number.NaN,
          },
          statuses,
          okTotal: statusesTotal[expected] ?? 0,
          statusesTotal,
          unexpected: Object.fromEntries(Object.entries(statusesTotal).filter(([c]) => c !== expected)),
          non2xx3xx: count(statusesTotal, (c) => c >= 400),
          errors: result.errors,
          timeouts: result.timeouts,
          errorSamples,
          ...(options.collectBodies ? { bodies } : {}),
        });
      },
    );
    running.add(instance);
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      const code = String(statusCode);
      statusesTotal[code] = (statusesTotal[code] ?? 0) + 1;
      const now = performance.now();
      if (now >= from && now <= until) {
        statuses[code] = (statuses[code] ?? 0) + 1;
        // Latency only of requests also sent in the window: the first request of each connection
        // meets a cold server during the lead-in and would otherwise count with its cold latency.
        if (now - responseTime >= from) latencies.push(responseTime);
      }
    });
    instance.on('reqError', (error: unknown) => {
      if (errorSamples.length < 5) errorSamples.push(error instanceof Error ? error.message : String(error));
    });
  });
}

/** GET of one page: leadIn seconds of unmeasured load, then duration seconds measured. */
export function pageLoad(
  url: string,
  path: string,
  connections: number,
  duration: number,
  leadIn = 0,
): Promise<LoadResult> {
  return runLoad({ url: `${url}${path}`, connections, duration, leadIn, expectStatus: 200 });
}

let runCounter = 0;
/** A prefix no other load run of this bench process uses, so addresses stay unique across runs. */
function emailPrefix(tag: string): string {
  runCounter += 1;
  return `${tag}${runCounter}-${process.pid}-${Date.now().toString(36)}`;
}

export interface SignUpTarget {
  slug: string;
  session: string;
}

/** New sign-ups through POST /api/v1/events/:slug/registrations, one distinct e-mail per request. */
export function apiRequests(target: SignUpTarget, tag = 'api'): autocannon.Request[] {
  const prefix = emailPrefix(tag);
  let n = 0;
  return [
    {
      method: 'POST',
      path: `/api/v1/events/${target.slug}/registrations`,
      headers: { 'content-type': 'application/json' },
      setupRequest: (request) => {
        n += 1;
        return {
          ...request,
          body: JSON.stringify({
            name: `Bench Person ${n}`,
            email: `${prefix}-${n}@bench.invalid`,
            role: 'citizen',
            session: target.session,
            consent: true,
          }),
        };
      },
    },
  ];
}

export interface FormSession {
  cookie: string;
  csrf: string;
}

/** GETs the sign-up form once: its hidden _csrf field and the cookies it sets. */
export async function openForm(url: string, target: SignUpTarget): Promise<FormSession> {
  const res = await fetch(`${url}/e/${target.slug}/register`);
  const html = await res.text();
  if (res.status !== 200) throw new Error(`GET /e/${target.slug}/register answered ${res.status}`);
  const csrf = /name="_csrf"\s+value="([^"]+)"/.exec(html)?.[1];
  if (!csrf) throw new Error('the sign-up form has no _csrf field');
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (!cookie) throw new Error('the sign-up form set no cookie');
  return { cookie, csrf };
}

/** New sign-ups through the HTML form (urlencoded POST with the CSRF token); success is a 303. */
export function formRequests(target: SignUpTarget, form: FormSession, tag = 'form'): autocannon.Request[] {
  const prefix = emailPrefix(tag);
  let n = 0;
  return [
    {
      method: 'POST',
      path: `/e/${target.slug}/register`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie },
      setupRequest: (request) => {
        n += 1;
        return {
          ...request,
          body: new URLSearchParams({
            _csrf: form.csrf,
            name: `Bench Person ${n}`,
            email: `${prefix}-${n}@bench.invalid`,
            role: 'citizen',
            session: target.session,
            consent: 'on',
            action: 'submit',
          }).toString(),
        };
      },
    },
  ];
}
