import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { connectDatabase } from '../src/db/client';
import { type EmbeddedPostgres, startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { migrateDatabase } from '../src/db/migrate';
import { freePort } from './free-port';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A URL of the test server's maintenance database, to create and drop test databases. */
    adminDatabaseUrl: string;
    /** The migrated database each test file clones its own database from. */
    templateDatabase: string;
  }
}

const withDatabase = (url: string, database: string): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
};

/**
 * Against DATABASE_URL's server when given (CI), else an embedded PostgreSQL in a temp folder.
 * Migrates one template database; each test file then works in its own clone of it.
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedPostgres | undefined;
  let dataDir: string | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'portals-test-db-'));
    embedded = await startEmbeddedPostgres({ dataDir, port: await freePort(), throwaway: true });
    serverUrl = embedded.url;
  }
  const adminDatabaseUrl = withDatabase(serverUrl, 'postgres');
  const templateDatabase = `portals_template_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminDatabaseUrl });
  await admin.connect();
  await admin.query(`create database ${templateDatabase}`);
  await admin.end();

  const template = connectDatabase(withDatabase(serverUrl, templateDatabase), { max: 2 });
  await migrateDatabase(template);
  await template.close();

  project.provide('adminDatabaseUrl', adminDatabaseUrl);
  project.provide('templateDatabase', templateDatabase);

  return async () => {
    const cleanup = new pg.Client({ connectionString: adminDatabaseUrl });
    await cleanup.connect();
    const leftovers = await cleanup.query<{ datname: string }>(
      'select datname from pg_database where datname like $1',
      [`${templateDatabase.replace('template', '%')}%`],
    );
    for (const { datname } of leftovers.rows) {
      await cleanup.query(`drop database if exists ${datname} with (force)`);
    }
    await cleanup.end();
    await embedded?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
}
