import path from 'node:path';
import { buildServer } from './build-server';
import { type Config, ConfigError, loadConfig } from './config';
import { connectDatabase } from './db/client';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './db/embedded-postgres';
import { migrateDatabase } from './db/migrate';
import { type DemoLogin, demoLogins, demoPassword, hasDemoData, seedDemoData } from './db/seed';
import { createBlobStorage } from './lib/storage/index';
import { startJobWorker } from './plugins/jobs';
import { portals } from './plugins/spa';

const loadConfigOrExit = (): Config => {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Refusing to start. ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
};

const printBanner = (config: Config, logins: DemoLogin[] | null, mailDescription: string): void => {
  const base = config.publicUrl;
  const lines = [
    '',
    'The portals are running:',
    ...portals.map((portal) => `  ${portal.name.padEnd(18)} ${base}${portal.prefix}`),
    `  ${'API'.padEnd(18)} ${base}/v1`,
    `  ${'API docs'.padEnd(18)} ${base}/docs`,
    `  Outgoing mail:     ${mailDescription}`,
    ...(config.inboundEmail.smtpPort !== undefined && config.inboundEmail.domain
      ? [
          `  Replies by email:  SMTP on ${config.host}:${config.inboundEmail.smtpPort} for reply+…@${config.inboundEmail.domain}`,
        ]
      : []),
  ];
  if (logins && config.env !== 'production') {
    lines.push('', `Demo logins (password for all: ${demoPassword}):`);
    lines.push(...logins.map((login) => `  ${login.email.padEnd(28)} ${login.who}`));
  }
  lines.push('', 'Stop with Ctrl+C.', '');
  console.log(lines.join('\n'));
};

const main = async (): Promise<void> => {
  const config = loadConfigOrExit();
  let embedded: EmbeddedPostgres | undefined;
  if (!config.databaseUrl) {
    embedded = await startEmbeddedPostgres({
      dataDir: path.join(config.dataDir, 'postgres'),
      port: config.embeddedPostgresPort,
      log: (message) => console.log(message),
    });
  }
  try {
    await serve(config, embedded);
  } catch (error) {
    // Nothing half-started is left behind: a start that fails (the port taken, say) stops the embedded
    // PostgreSQL it started, which would otherwise keep running, orphaned, holding its data folder.
    await embedded?.stop().catch(() => undefined);
    throw error;
  }
};

const serve = async (config: Config, embedded: EmbeddedPostgres | undefined): Promise<void> => {
  const databaseUrl = config.databaseUrl ?? embedded?.url;
  if (!databaseUrl) throw new Error('No database');

  const database = connectDatabase(databaseUrl, {
    directUrl: config.databaseDirectUrl,
    preparedStatements: config.preparedStatements,
    onError: (error) => console.error('database connection error', error.message),
  });
  await migrateDatabase(database);
  if (config.env !== 'production' && config.seedDemoData)
    await seedDemoData(database.db, config.env, createBlobStorage(config));
  const logins = config.env !== 'production' && (await hasDemoData(database.db)) ? demoLogins : null;
  const worker = await startJobWorker(database, config);
  const server = await buildServer({
    config,
    db: database.db,
    sessionPool: database.sessionPool,
    serveSpas: true,
  });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    server.log.info(`${signal} received: finishing in-flight requests, then stopping`);
    const force = setTimeout(() => {
      server.log.error('Shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    await server.close();
    await worker.stop();
    await database.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    await server.listen({ host: config.host, port: config.port });
  } catch (error) {
    await server.close();
    await worker.stop();
    await database.close();
    throw error;
  }
  printBanner(config, logins, worker.transport.describe);
};

main().catch((error: unknown) => {
  console.error('The portals could not start:', error);
  process.exit(1);
});
