/**
 * The alert channels against local receivers started here: a webhook on a node:http server and
 * e-mail on an smtp-server. What arrives (a `text` field plus the event's fields; subject and
 * body), that nothing but job, year, run id, status and category arrives, and that a broken,
 * unreachable or silent channel is a warning without its credentials, never an error.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlerts, type AlertEvent } from '../../src/alerts/alerts.ts';
import { alertMessage } from '../../src/alerts/events.ts';
import { ConfigError, loadConfig, type AlertConfig } from '../../src/config.ts';
import { startMailSink, startWebhookSink, until, type MailSink, type WebhookSink } from '../helpers/alert-sinks.ts';

function capturedLog() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

function config(overrides: Partial<AlertConfig>): AlertConfig {
  return { webhookUrl: null, smtpUrl: null, mailFrom: null, mailTo: [], timeoutMs: 10_000, ...overrides };
}

const FAILED: AlertEvent = { kind: 'run-failed', job: 'tariff-settlement', year: 2025, runId: 42, failure: 'chunk' };

describe('alert channels', () => {
  let webhook: WebhookSink;
  let mail: MailSink;
  beforeAll(async () => {
    webhook = await startWebhookSink();
    mail = await startMailSink();
  });
  afterAll(async () => {
    await webhook?.close();
    await mail?.close();
  });

  it('the webhook gets one JSON POST: `text` for Teams/Slack/Mattermost, and the event as fields', async () => {
    const { log } = capturedLog();
    const before = webhook.posts.length;
    const alerts = createAlerts(config({ webhookUrl: webhook.url('/services/T0/B0/secret-token') }), log);
    expect(alerts.enabled).toBe(true);
    expect(await alerts.send(FAILED)).toBe(true);
    const post = webhook.posts[before]!;
    expect(webhook.posts.length).toBe(before + 1);
    expect(post.path).toBe('/services/T0/B0/secret-token');
    expect(post.contentType).toBe('application/json');
    expect(post.json).toEqual({
      text:
        '[yearend] run 42 failed: tariff-settlement 2025\n' +
        'Run 42 (tariff-settlement 2025) failed: a chunk failed for good (after its retries). ' +
        'The reason is in `yearend status 42`; `yearend resume 42` finishes it once the cause is fixed.',
      title: '[yearend] run 42 failed: tariff-settlement 2025',
      severity: 'error',
      alert: { kind: 'run-failed', job: 'tariff-settlement', year: 2025, runId: 42, failure: 'chunk' },
    });
  });

  it('the mail goes to every recipient, with the title as subject and the fields in the body', async () => {
    const { log } = capturedLog();
    const alerts = createAlerts(
      config({ smtpUrl: mail.url, mailFrom: 'yearend@example.org', mailTo: ['ops@example.org', 'oncall@example.org'] }),
      log,
    );
    const before = mail.mails.length;
    const event: AlertEvent = {
      kind: 'deadline-overdue',
      job: 'levy',
      year: 2025,
      due: '2026-01-31',
      daysOverdue: 3,
      deadline: 'operational',
    };
    expect(await alerts.send(event)).toBe(true);
    const received = await until('the mail', () => mail.mails[before]);
    expect(received.from).toBe('yearend@example.org');
    expect(received.to).toEqual(['ops@example.org', 'oncall@example.org']);
    expect(received.subject).toBe('[yearend] OVERDUE: levy 2025');
    const body = received.raw.replace(/=\r?\n/g, ''); // undo quoted-printable soft line breaks
    expect(body).toContain('levy 2025 is OVERDUE: its operational deadline was 2026-01-31 (3 days ago) and no run is released.');
    for (const line of ['severity: error', 'kind: deadline-overdue', 'job: levy', 'year: 2025', 'due: 2026-01-31', 'daysOverdue: 3'])
      expect(body).toContain(line);
  });

  it('a stale input names the contract files and when they were imported; nothing else', async () => {
    const { log } = capturedLog();
    const before = webhook.posts.length;
    const alerts = createAlerts(config({ webhookUrl: webhook.url() }), log);
    const event: AlertEvent = {
      kind: 'input-stale',
      job: 'levy',
      year: 2025,
      within: '14d',
      firedAt: '2026-01-20T01:00:00.000Z',
      stale: [
        { file: 'pay_months.csv', importedAt: '2025-12-01T08:00:00.000Z' },
        { file: 'u1_elections.csv', importedAt: null },
      ],
    };
    expect(await alerts.send(event)).toBe(true);
    const post = webhook.posts[before]!;
    expect(post.json.text).toBe(
      '[yearend] scheduled run refused, stale input: levy 2025\n' +
        'The scheduled run of levy 2025 (fired 2026-01-20T01:00:00.000Z) was not started: each input must have been imported within 14d, ' +
        'but pay_months.csv (imported 2025-12-01T08:00:00.000Z), u1_elections.csv (never imported) is older. ' +
        'Import current extracts (`yearend import <dir>`), then start the run (`yearend run`).',
    );
    expect(post.json.alert).toEqual(event);
  });

  it('every kind of event composes a message of job, year and its own fields only', () => {
    const events: AlertEvent[] = [
      FAILED,
      { kind: 'scheduled-run-failed', job: 'levy', year: 2025, failure: 'refused', attempts: 1 },
      { kind: 'scheduled-run-failed', job: 'levy', year: null, failure: 'error', attempts: 3 },
      { kind: 'scheduled-run-skipped', job: 'levy', year: 2025, runId: 7, status: 'computed' },
      { kind: 'scheduled-run-skipped', job: 'levy', year: 2025, runId: null, status: null },
      { kind: 'stale-run-taken-over', job: 'levy', year: 2025, runId: 7, round: 2 },
    ];
    const texts = events.map((e) => alertMessage(e).text);
    expect(texts).toEqual([
      expect.stringContaining('yearend status 42'),
      'The scheduled run of levy 2025 was refused: no run was started (see the worker log and `yearend status`).',
      'The scheduled run of levy (year unknown) failed after 3 attempts (see the worker log and `yearend status`).',
      'The scheduled run of levy 2025 was skipped: the year already has run 7 (computed); see `yearend status 7`.',
      'The scheduled run of levy 2025 was skipped: a run was started meanwhile (see `yearend status`).',
      expect.stringMatching(
        /^Run 7 \(levy 2025\) made no progress and was taken over by a worker: .*\(round 2\)\. See `yearend status 7`\.$/,
      ),
    ]);
  });

  it('a failing channel is a warning with its host only; the other channel still delivers; send never throws', async () => {
    const { log, lines } = capturedLog();
    webhook.status = 500;
    try {
      const beforeMail = mail.mails.length;
      const alerts = createAlerts(
        config({
          webhookUrl: webhook.url('/hooks/very-secret-token', 'hookuser:hookpass'),
          smtpUrl: mail.url,
          mailFrom: 'yearend@example.org',
          mailTo: ['ops@example.org'],
        }),
        log,
      );
      expect(await alerts.send(FAILED)).toBe(true); // the mail went out
      await until('the mail', () => mail.mails[beforeMail]);
      const warnings = lines.filter((l) => l.msg === 'alert not sent; going on');
      expect(warnings).toEqual([
        expect.objectContaining({ level: 40, alert: 'run-failed', channel: 'webhook', host: expect.stringMatching(/^127\.0\.0\.1:\d+$/) }),
      ]);
      expect(warnings[0]!.err).toBe('the webhook answered HTTP 500');
      // The URL's credentials went as basic auth, not in the request line.
      expect(webhook.posts.at(-1)).toMatchObject({
        path: '/hooks/very-secret-token',
        authorization: `Basic ${Buffer.from('hookuser:hookpass').toString('base64')}`,
      });
      const logged = JSON.stringify(lines);
      for (const secret of ['very-secret-token', 'hookuser', 'hookpass']) expect(logged).not.toContain(secret);
    } finally {
      webhook.status = 200;
    }
  });

  it('an unreachable webhook or mail server: false and two warnings, nothing thrown', async () => {
    const { log, lines } = capturedLog();
    const closed = await startWebhookSink();
    const deadMail = await startMailSink();
    const webhookUrl = closed.url('/secret-path');
    const smtpUrl = deadMail.url.replace('smtp://', 'smtp://mailuser:mailpass@');
    await closed.close();
    await deadMail.close();
    const alerts = createAlerts(config({ webhookUrl, smtpUrl, mailFrom: 'yearend@example.org', mailTo: ['ops@example.org'] }), log);
    expect(await alerts.send(FAILED)).toBe(false);
    const warnings = lines.filter((l) => l.msg === 'alert not sent; going on');
    expect(warnings.map((w) => w.channel).sort()).toEqual(['mail', 'webhook']);
    const logged = JSON.stringify(lines);
    for (const secret of ['secret-path', 'mailuser', 'mailpass']) expect(logged).not.toContain(secret);
  });

  it('a receiver that never answers is given up on after the timeout', async () => {
    const { log, lines } = capturedLog();
    webhook.hang = true;
    try {
      // 300 ms: the sink holds the request open for ever, so this bound is the only way out.
      const alerts = createAlerts(config({ webhookUrl: webhook.url(), timeoutMs: 300 }), log);
      expect(await alerts.send(FAILED)).toBe(false);
      expect(lines.find((l) => l.msg === 'alert not sent; going on')).toMatchObject({ channel: 'webhook' });
    } finally {
      webhook.hang = false;
    }
  });

  it('without a channel: disabled, the alert is logged only', async () => {
    const { log, lines } = capturedLog();
    const alerts = createAlerts(config({}), log);
    expect(alerts.enabled).toBe(false);
    expect(await alerts.send(FAILED)).toBe(false);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        alert: 'run-failed',
        job: 'tariff-settlement',
        year: 2025,
        msg: expect.stringContaining('run 42'),
      }),
    ]);
  });
});

describe('alert configuration (YEAREND_ALERT_*)', () => {
  it('reads the channels and the timeout', () => {
    const c = loadConfig({
      YEAREND_ALERT_WEBHOOK_URL: 'https://hooks.example.org/services/x',
      YEAREND_ALERT_SMTP_URL: 'smtps://user:pass@mail.example.org:465',
      YEAREND_ALERT_MAIL_FROM: 'yearend@example.org',
      YEAREND_ALERT_MAIL_TO: 'ops@example.org, oncall@example.org',
      YEAREND_ALERT_TIMEOUT_MS: '5000',
    });
    expect(c.alerts).toEqual({
      webhookUrl: 'https://hooks.example.org/services/x',
      smtpUrl: 'smtps://user:pass@mail.example.org:465',
      mailFrom: 'yearend@example.org',
      mailTo: ['ops@example.org', 'oncall@example.org'],
      timeoutMs: 5000,
    });
    expect(loadConfig({}).alerts).toEqual({ webhookUrl: null, smtpUrl: null, mailFrom: null, mailTo: [], timeoutMs: 10_000 });
  });

  it('lists every bad alert variable, never echoing a URL (it may hold a password)', () => {
    let error: unknown;
    try {
      loadConfig({
        YEAREND_ALERT_WEBHOOK_URL: 'ftp://user:secret@example.org/x',
        YEAREND_ALERT_SMTP_URL: 'smtp://user:secret@mail.example.org',
        YEAREND_ALERT_MAIL_TO: 'ops@example.org, not-an-address',
        YEAREND_ALERT_TIMEOUT_MS: '0',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'YEAREND_ALERT_MAIL_TO must be e-mail addresses separated by commas (1 are not)',
      'YEAREND_ALERT_SMTP_URL needs YEAREND_ALERT_MAIL_FROM and YEAREND_ALERT_MAIL_TO',
      'YEAREND_ALERT_WEBHOOK_URL must start with https:// or http://',
      'YEAREND_ALERT_TIMEOUT_MS=0 must be a whole number ≥ 100',
    ]);
    expect((error as Error).message).not.toContain('secret');
    expect(() => loadConfig({ YEAREND_ALERT_MAIL_FROM: 'yearend@example.org', YEAREND_ALERT_MAIL_TO: 'ops@example.org' })).toThrow(
      'YEAREND_ALERT_MAIL_FROM and YEAREND_ALERT_MAIL_TO need YEAREND_ALERT_SMTP_URL',
    );
  });
});
