/**
 * The alert channels: an incoming webhook (one JSON POST) and e-mail over SMTP (nodemailer).
 * Each delivers one message or throws; the caller (alerts.ts) bounds it with a timeout and turns
 * a failure into a warning. `where` names a channel in logs without its credentials: a webhook
 * URL holds its secret in the path (Slack, Teams, Mattermost), an SMTP URL in user and password,
 * so only the host is ever shown.
 */
import nodemailer from 'nodemailer';
import type { AlertMessage } from './events.ts';

export interface AlertChannel {
  name: 'webhook' | 'mail';
  /** the host (and port), never the path, user or password */
  where: string;
  deliver(message: AlertMessage, timeoutMs: number): Promise<void>;
  /** credentials that must not reach a log line, even inside an error message */
  secrets: string[];
}

/** The body: `text` (what Teams, Slack and Mattermost show), the title, and the event's fields. */
export function webhookBody(message: AlertMessage): object {
  return { text: `${message.title}\n${message.text}`, title: message.title, severity: message.severity, alert: message.event };
}

export function webhookChannel(url: string): AlertChannel {
  const parsed = new URL(url);
  const secrets = [parsed.pathname, parsed.search, parsed.username, parsed.password].filter((s) => s.length > 1);
  // fetch refuses a URL with credentials: they travel as basic auth instead (a receiver behind a
  // proxy that wants them); the URL that is fetched has none.
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (parsed.username || parsed.password) {
    const user = decodeURIComponent(parsed.username);
    const password = decodeURIComponent(parsed.password);
    headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    parsed.username = '';
    parsed.password = '';
  }
  const target = parsed.toString();
  return {
    name: 'webhook',
    where: parsed.host,
    secrets,
    async deliver(message, timeoutMs) {
      const response = await fetch(target, {
        method: 'POST',
        headers,
        body: JSON.stringify(webhookBody(message)),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
      // The body is drained, not read into the log: a receiver's answer is not ours to print.
      await response.body?.cancel();
      if (!response.ok) throw new Error(`the webhook answered HTTP ${response.status}`);
    },
  };
}

export function mailChannel(url: string, from: string, to: readonly string[]): AlertChannel {
  const parsed = new URL(url);
  // One connection per alert (no pool): alerts are rare, and an idle pooled connection would
  // keep a finished CLI process alive. Every phase has the timeout, so a silent server cannot
  // hold a worker.
  let transport: ReturnType<typeof smtpTransport> | null = null;
  return {
    name: 'mail',
    where: parsed.host,
    secrets: [decodeURIComponent(parsed.username), decodeURIComponent(parsed.password)].filter((s) => s.length > 1),
    async deliver(message, timeoutMs) {
      transport ??= smtpTransport(url, timeoutMs);
      await transport.sendMail({
        from,
        to: [...to],
        subject: message.title,
        text: `${message.text}\n\n${fieldLines(message).join('\n')}\n`,
      });
    },
  };
}

function smtpTransport(url: string, timeoutMs: number) {
  return nodemailer.createTransport({
    url,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
  });
}

/** The event's fields, one `key: value` per line, for a mail filter or a reader. */
function fieldLines(message: AlertMessage): string[] {
  return [
    `severity: ${message.severity}`,
    ...Object.entries(message.event).map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`),
  ];
}
