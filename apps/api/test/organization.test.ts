import { OwnOrganization, Problem } from '@portals/domain';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../src/db/schema/index';
import type { TestUser } from './fixtures';
import { useTestApp } from './test-app';

describe("a contact's own organization and ticket sharing", () => {
  const context = useTestApp();
  let main: TestUser;
  let technical: TestUser;
  let organizationId: string;

  beforeAll(async () => {
    organizationId = await context.factories.organization({ name: 'Hooli', tier: 'advanced' });
    main = await context.factories.contact({ organizationId, roles: ['main'] });
    technical = await context.factories.contact({ organizationId, roles: ['technical'] });
  });

  const share = (user: TestUser, enabled: boolean) =>
    context.as(user).put('/v1/organization/ticket-sharing', { enabled });

  it('shows each contact their own organization, with sharing off at first', async () => {
    const response = await context.as(technical).get('/v1/organization');
    expect(OwnOrganization.parse(response.json())).toMatchObject({
      id: organizationId,
      name: 'Hooli',
      ticketSharing: false,
    });
  });

  it('lets the main contact switch organization-wide sharing, audited', async () => {
    const on = await share(main, true);
    expect(on.statusCode).toBe(200);
    expect(OwnOrganization.parse(on.json()).ticketSharing).toBe(true);
    const entries = await context.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'organization.ticket_sharing_on'), eq(auditLog.actorUserId, main.id)));
    expect(entries).toHaveLength(1);
    expect(OwnOrganization.parse((await share(main, false)).json()).ticketSharing).toBe(false);
  });

  it('refuses a technical contact and staff', async () => {
    const refused = await share(technical, true);
    expect(refused.statusCode).toBe(403);
    expect(Problem.parse(refused.json()).code).toBe('forbidden');
    const admin = await context.factories.staff({ roles: ['admin'] });
    expect((await share(admin, true)).statusCode).toBe(403);
  });
});
