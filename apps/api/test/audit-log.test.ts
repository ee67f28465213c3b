import { AuditPage } from '@portals/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { privileged } from '../src/db/scope';
import { recordAudit } from '../src/lib/audit';
import type { TestUser } from './fixtures';
import { useTestApp } from './test-app';

describe('the audit log in the API', () => {
  const context = useTestApp();
  let admin: TestUser;

  beforeAll(async () => {
    admin = await context.factories.staff({ roles: ['admin'] });
    for (let index = 0; index < 5; index += 1) {
      await recordAudit(privileged(context.database.db), {
        action: index % 2 ? 'auth.signed_in' : 'auth.sign_in_failed',
        actorUserId: admin.id,
      });
    }
  });

  const read = (user: TestUser, query = '') => context.as(user).get(`/v1/audit-log${query}`);

  it('is readable by staff admins, newest first, page by page, filtered by action', async () => {
    const first = AuditPage.parse((await read(admin, '?limit=2')).json());
    expect(first.items).toHaveLength(2);
    expect(first.items[0]?.id).toBeGreaterThan(first.items[1]?.id ?? 0);
    const rest = AuditPage.parse((await read(admin, `?limit=10&cursor=${first.nextCursor}`)).json());
    expect(rest.items).toHaveLength(3);
    expect(rest.nextCursor).toBeNull();
    const failures = AuditPage.parse((await read(admin, '?action=auth.sign_in_failed')).json());
    expect(failures.items.map((entry) => entry.action)).toEqual([
      'auth.sign_in_failed',
      'auth.sign_in_failed',
      'auth.sign_in_failed',
    ]);
  });

  it('is closed to other staff and to contacts', async () => {
    const agent = await context.factories.staff({ roles: ['support_agent'] });
    const contact = await context.factories.contact({
      organizationId: await context.factories.organization(),
      roles: ['main'],
    });
    expect((await read(agent)).statusCode).toBe(403);
    expect((await read(contact)).statusCode).toBe(403);
  });
});
