/**
 * Sending an alert to every configured channel (YEAREND_ALERT_*, src/config.ts). An alert is a
 * courtesy to operations, never part of the work: `send` never throws and never waits longer than
 * the timeout (YEAREND_ALERT_TIMEOUT_MS) per channel; a channel that fails is a warning in the log
 * naming the channel and its host only, and the run, sweep or firing goes on. Every alert is also
 * logged (kind, job, year, run), so it is on record even without a channel.
 */
import type { Logger } from 'pino';
import type { AlertConfig } from '../config.ts';
import { mailChannel, webhookChannel, type AlertChannel } from './channels.ts';
import { alertMessage, type AlertEvent } from './events.ts';

export type { AlertEvent, InputAge, RunFailure, FiringFailure } from './events.ts';

export interface Alerts {
  /** whether any channel is configured */
  readonly enabled: boolean;
  /** true when at least one channel took the alert */
  send(event: AlertEvent): Promise<boolean>;
}

export function createAlerts(config: AlertConfig, log: Logger): Alerts {
  const channels: AlertChannel[] = [];
  if (config.webhookUrl) channels.push(webhookChannel(config.webhookUrl));
  if (config.smtpUrl && config.mailFrom) channels.push(mailChannel(config.smtpUrl, config.mailFrom, config.mailTo));
  return {
    enabled: channels.length > 0,
    async send(event) {
      let message;
      try {
        message = alertMessage(event);
      } catch (error) {
        log.warn({ alert: event.kind, err: (error as Error).message }, 'alert could not be composed');
        return false;
      }
      log.info({ alert: event.kind, severity: message.severity, job: event.job, year: event.year }, message.title);
      const delivered = await Promise.all(
        channels.map(async (channel) => {
          try {
            await withTimeout(channel.deliver(message, config.timeoutMs), config.timeoutMs + 1000, channel.name);
            return true;
          } catch (error) {
            log.warn(
              { alert: event.kind, channel: channel.name, host: channel.where, err: scrub((error as Error).message, channel.secrets) },
              'alert not sent; going on',
            );
            return false;
          }
        }),
      );
      return delivered.includes(true);
    },
  };
}

/**
 * A last bound above the channel's own timeouts (fetch's abort signal, nodemailer's socket
 * timeouts): whatever the library does, the caller is free after it.
 */
function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** An error message with the channel's credentials cut out (a library may quote its URL). */
function scrub(text: string, secrets: readonly string[]): string {
  return secrets.reduce((t, secret) => t.split(secret).join('[redacted]'), text);
}
