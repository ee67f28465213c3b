import { type Actor, type AuditPage, type AuditQuery, assertCan } from '@portals/domain';
import { z } from 'zod';
import { type DatabaseAccess, scopeOf, withScope } from '../../db/scope';
import { decodeCursor, encodeCursor } from '../../lib/cursor';
import { listAuditEntriesOfAnyOrganization } from './repository';

export const listAuditEntries = async (
  db: DatabaseAccess,
  actor: Actor,
  query: AuditQuery,
): Promise<AuditPage> => {
  assertCan(actor, 'audit:read:any');
  const beforeId = query.cursor ? decodeCursor(query.cursor, z.coerce.number().int().positive()) : undefined;
  // The staff scope admits every organization's entries, and those of no organization.
  const rows = await withScope(db, scopeOf(actor), (tx) =>
    listAuditEntriesOfAnyOrganization(tx, query, { limit: query.limit + 1, beforeId }),
  );
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.id) : null,
  };
};
