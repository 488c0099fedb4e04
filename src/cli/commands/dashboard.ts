/**
 * `yearend dashboard`: serves bull-board over the run queue until SIGTERM/SIGINT, then closes
 * the server and its Redis connection and exits 0. Read-only unless --allow-actions; basic auth
 * when DASHBOARD_USER and DASHBOARD_PASSWORD are set.
 */
import { probeRedis } from '../../queue/connection.ts';
import { DashboardListenError, DashboardRefusedError, startDashboard, type Dashboard } from '../../queue/dashboard.ts';
import { CliError, type Context } from '../context.ts';

export interface DashboardCommandOptions {
  host: string;
  port: number;
  allowActions: boolean;
}

export async function dashboardCommand(ctx: Context, o: DashboardCommandOptions): Promise<number> {
  const { redisUrl, dashboardAuth } = ctx.config;
  if (!redisUrl)
    throw new CliError('the dashboard shows the BullMQ queue and needs REDIS_URL (without it runs execute in-process: no queue to show)');
  await probeRedis(redisUrl);
  let dashboard: Dashboard;
  try {
    dashboard = await startDashboard({
      redisUrl,
      prefix: ctx.config.queuePrefix,
      host: o.host,
      port: o.port,
      readOnly: !o.allowActions,
      auth: dashboardAuth ?? undefined,
      onError: (error) => ctx.log.warn({ err: error.message }, 'dashboard: Redis connection problem'),
    });
  } catch (error) {
    if (error instanceof DashboardRefusedError) throw new CliError(error.message, 2);
    if (error instanceof DashboardListenError) throw new CliError(error.message);
    throw error;
  }
  process.stdout.write(
    `dashboard: ${dashboard.url}\n` +
      `  mode: ${o.allowActions ? 'actions allowed (retry, clean, pause …)' : 'read-only (--allow-actions to retry, clean or pause jobs)'}\n` +
      `  auth: ${dashboardAuth ? 'on (basic auth, DASHBOARD_USER)' : 'off (set DASHBOARD_USER and DASHBOARD_PASSWORD to turn it on)'}\n`,
  );
  ctx.log.info({ url: dashboard.url, readOnly: !o.allowActions, auth: dashboardAuth !== null }, 'dashboard started');
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  ctx.log.info({ signal }, 'dashboard stopping');
  await dashboard.close();
  ctx.log.info('dashboard stopped');
  return 0;
}
