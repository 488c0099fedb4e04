/**
 * Configuration from the environment, parsed and validated once. Every bad variable is listed
 * in one error, so an operator fixes them all in one go. The result is frozen.
 */
import path from 'node:path';
import { isIsoDate, type IsoDate } from './dates.ts';

export interface Config {
  /** PostgreSQL connection string; null → embedded PGlite */
  databaseUrl: string | null;
  /** Redis connection string; null → in-process runner */
  redisUrl: string | null;
  pgliteDir: string;
  outputDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** today's date for the deadline rules; null → the system date, read once at the edge */
  today: IsoDate | null;
  /** members (or employers) per chunk */
  chunkSize: number;
  /** chunks one process (worker or in-process runner) works on at once; 1 with the embedded database */
  chunkConcurrency: number;
  /** BullMQ lock of a chunk job: a worker that dies loses its chunk to another after this */
  workerLockMs: number;
  /** BullMQ queue prefix (tests use their own so they never see each other's jobs) */
  queuePrefix: string;
  /** Excel's row limit, lowered only to test sheet splitting */
  excelRowLimit: number;
  /** a queued or running run without progress for this long is stale: `resume` may take it over */
  staleAfterMs: number;
  /** basic-auth credentials of `yearend dashboard`; null → no auth (then it serves loopback only) */
  dashboardAuth: { user: string; password: string } | null;
  /** where alerts go (src/alerts): none configured → alerts are only logged */
  alerts: AlertConfig;
}

export interface AlertConfig {
  /** JSON POST with a `text` field (Teams, Slack, Mattermost incoming webhooks); null → none */
  webhookUrl: string | null;
  /** smtp:// or smtps:// (credentials in the URL); null → no e-mail */
  smtpUrl: string | null;
  mailFrom: string | null;
  mailTo: readonly string[];
  /** a channel that has not answered within this is given up on (a warning, never a failure) */
  timeoutMs: number;
}

/**
 * Every environment variable the pipeline reads, with one line each: `yearend --help` prints
 * this list and a test checks that it names every variable of the README's "Environment", so
 * help, README and code cannot drift apart. A new variable gets its line here.
 */
export const ENVIRONMENT_VARIABLES: readonly { name: string; description: string }[] = [
  { name: 'DATABASE_URL', description: 'PostgreSQL, postgres://… (unset: embedded PGlite in PGLITE_DIR, one process)' },
  { name: 'REDIS_URL', description: 'Redis for the BullMQ workers, redis://[:password@]host:port (unset: in-process runner)' },
  { name: 'PGLITE_DIR', description: 'embedded database folder (default ./data/pglite)' },
  { name: 'OUTPUT_DIR', description: 'workbooks, payment lists and reports (default ./output)' },
  { name: 'LOG_LEVEL', description: 'fatal|error|warn|info|debug|trace|silent (default info); JSON logs on stderr' },
  { name: 'YEAREND_TODAY', description: "today's date for the deadline rules, YYYY-MM-DD (default: the date in Berlin)" },
  { name: 'CHUNK_SIZE', description: 'members (or employers) per chunk (default 2000)' },
  {
    name: 'CHUNK_CONCURRENCY',
    description: 'chunks one process works on at once: one computes while another waits for PostgreSQL (default 2; embedded: always 1)',
  },
  { name: 'WORKER_LOCK_MS', description: "a dead worker's chunk moves to another worker after this (default 30000)" },
  { name: 'STALE_AFTER_MS', description: 'a run without progress this long is stale: `resume` takes it over (default 600000)' },
  { name: 'QUEUE_PREFIX', description: 'BullMQ key prefix in Redis (default yearend)' },
  { name: 'EXCEL_ROW_LIMIT', description: "rows per sheet, lowered only to test sheet splitting (default Excel's 1048576)" },
  { name: 'DASHBOARD_USER', description: 'basic-auth user of `dashboard` (with DASHBOARD_PASSWORD; needed beyond localhost)' },
  { name: 'DASHBOARD_PASSWORD', description: 'basic-auth password of `dashboard` (both or neither)' },
  { name: 'YEAREND_ALERT_WEBHOOK_URL', description: 'alerts as JSON POSTs to this webhook (Teams, Slack, Mattermost)' },
  { name: 'YEAREND_ALERT_SMTP_URL', description: 'alerts as e-mail through this server, smtp[s]://[user:password@]host:port' },
  { name: 'YEAREND_ALERT_MAIL_FROM', description: 'sender of the alert e-mails (with YEAREND_ALERT_SMTP_URL)' },
  { name: 'YEAREND_ALERT_MAIL_TO', description: 'recipients of the alert e-mails, separated by commas' },
  { name: 'YEAREND_ALERT_TIMEOUT_MS', description: 'per alert channel and alert (default 10000)' },
];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`bad environment: ${problems.join('; ')}`);
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number, problems: string[], min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^[0-9]+$/.test(raw) || Number(raw) < min) {
    problems.push(`${name}=${raw} must be a whole number ≥ ${min}`);
    return fallback;
  }
  return Number(raw);
}

function url(env: NodeJS.ProcessEnv, name: string, protocols: string[], problems: string[]): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  try {
    const parsed = new URL(raw);
    if (!protocols.includes(parsed.protocol)) {
      problems.push(`${name} must start with ${protocols.map((p) => p + '//').join(' or ')}`);
    }
  } catch {
    problems.push(`${name} is not a URL`);
  }
  return raw;
}

/** Both or neither: one without the other is a typo, not a wish for an open dashboard. */
function dashboardAuth(env: NodeJS.ProcessEnv, problems: string[]): Config['dashboardAuth'] {
  const user = env.DASHBOARD_USER || '';
  const password = env.DASHBOARD_PASSWORD || '';
  if (!user && !password) return null;
  if (!user || !password) {
    problems.push('DASHBOARD_USER and DASHBOARD_PASSWORD go together: set both (basic auth) or neither');
    return null;
  }
  // Basic auth sends "user:password"; a colon in the user name could never match.
  if (user.includes(':')) problems.push('DASHBOARD_USER must not contain a colon');
  return Object.freeze({ user, password });
}

/** A plain address (no display name): the list is comma-separated, so a comma can never be in one. */
const MAIL_ADDRESS = /^[^\s@,<>]+@[^\s@,<>]+$/;

/** The mail variables go together: an SMTP URL without sender or recipients (or the reverse) is a typo. */
function alertConfig(env: NodeJS.ProcessEnv, problems: string[]): AlertConfig {
  const smtpUrl = url(env, 'YEAREND_ALERT_SMTP_URL', ['smtp:', 'smtps:'], problems);
  const mailFrom = env.YEAREND_ALERT_MAIL_FROM || null;
  const mailTo = (env.YEAREND_ALERT_MAIL_TO || '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  if (mailFrom !== null && !MAIL_ADDRESS.test(mailFrom)) problems.push('YEAREND_ALERT_MAIL_FROM must be one e-mail address');
  const bad = mailTo.filter((a) => !MAIL_ADDRESS.test(a)).length;
  if (bad > 0) problems.push(`YEAREND_ALERT_MAIL_TO must be e-mail addresses separated by commas (${bad} are not)`);
  if (smtpUrl && (!mailFrom || mailTo.length === 0))
    problems.push('YEAREND_ALERT_SMTP_URL needs YEAREND_ALERT_MAIL_FROM and YEAREND_ALERT_MAIL_TO');
  if (!smtpUrl && (mailFrom || mailTo.length > 0))
    problems.push('YEAREND_ALERT_MAIL_FROM and YEAREND_ALERT_MAIL_TO need YEAREND_ALERT_SMTP_URL (the mail server)');
  return Object.freeze({
    webhookUrl: url(env, 'YEAREND_ALERT_WEBHOOK_URL', ['https:', 'http:'], problems),
    smtpUrl,
    mailFrom,
    mailTo: Object.freeze(mailTo),
    timeoutMs: positiveInt(env, 'YEAREND_ALERT_TIMEOUT_MS', 10_000, problems, 100),
  });
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const problems: string[] = [];
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:'], problems);
  const redisUrl = url(env, 'REDIS_URL', ['redis:', 'rediss:'], problems);
  if (redisUrl && !databaseUrl) {
    problems.push('REDIS_URL needs DATABASE_URL: workers in other processes cannot reach the embedded database');
  }
  const logLevel = (env.LOG_LEVEL || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const today = env.YEAREND_TODAY || null;
  if (today !== null && !isIsoDate(today)) problems.push(`YEAREND_TODAY=${today} must be a date YYYY-MM-DD`);
  const config: Config = {
    databaseUrl,
    redisUrl,
    pgliteDir: path.resolve(env.PGLITE_DIR || './data/pglite'),
    outputDir: path.resolve(env.OUTPUT_DIR || './output'),
    logLevel,
    today,
    chunkSize: positiveInt(env, 'CHUNK_SIZE', 2000, problems),
    // The embedded database is one connection in this process: a second chunk would only queue.
    chunkConcurrency: databaseUrl ? positiveInt(env, 'CHUNK_CONCURRENCY', 2, problems) : 1,
    workerLockMs: positiveInt(env, 'WORKER_LOCK_MS', 30_000, problems, 1000),
    queuePrefix: env.QUEUE_PREFIX || 'yearend',
    excelRowLimit: positiveInt(env, 'EXCEL_ROW_LIMIT', 1_048_576, problems, 3),
    staleAfterMs: positiveInt(env, 'STALE_AFTER_MS', 600_000, problems, 1000),
    dashboardAuth: dashboardAuth(env, problems),
    alerts: alertConfig(env, problems),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/**
 * Today's date for rules that depend on it: YEAREND_TODAY, or the date in Europe/Berlin (the
 * fund's calendar: a release at 00:30 on 1 July is a July release, though UTC says 30 June).
 */
export function todayOf(config: Pick<Config, 'today'>, now: () => Date = () => new Date()): IsoDate {
  return config.today ?? berlinDate(now());
}

export function berlinDate(instant: Date): IsoDate {
  // en-CA formats as YYYY-MM-DD
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}
