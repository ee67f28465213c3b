/**
 * The floor: a bare Fastify server (no plugins, no logging) with one route doing one indexed query,
 * a user by primary key, with the API's pool size. Each authenticated read is measured against it in
 * the same run, on the same database and machine. Started by run.ts as its own process:
 * `node --import tsx floor-server.ts <database url> <port>`; it says `ready` over IPC once listening.
 */
import { createRequire } from 'node:module';
import { connectDatabase } from '../../apps/api/src/db/client';
import { floorPath } from './scenarios';

/** The part of Fastify used here: the API's own copy (the scripts have no dependency of their own on it). */
interface BareServer {
  get(path: string, handler: () => Promise<unknown>): void;
  listen(options: { host: string; port: number }): Promise<string>;
}
const Fastify = createRequire(new URL('../../apps/api/package.json', import.meta.url))('fastify') as (
  options?: object,
) => BareServer;

const [databaseUrl, port] = process.argv.slice(2);
if (!databaseUrl || !port) throw new Error('usage: floor-server.ts <database url> <port>');

// Same pool settings as the API (connectDatabase's defaults); only the raw pg pool is used.
const { pool } = connectDatabase(databaseUrl, { onError: () => {} });
const ids = (
  await pool.query<{ id: string }>('select id from users order by md5(id::text) limit 1000')
).rows.map((row) => row.id);
if (ids.length === 0) throw new Error('The floor needs seeded users');

const server = Fastify();
let next = 0;
server.get(floorPath, async () => {
  // Rotating ids, as the API scenarios rotate organizations.
  const id = ids[next++ % ids.length];
  const result = await pool.query('select id, email, name, kind from users where id = $1', [id]);
  return result.rows[0];
});
await server.listen({ host: '127.0.0.1', port: Number(port) });
process.send?.('ready');
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
