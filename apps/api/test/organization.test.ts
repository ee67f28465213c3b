import { OwnOrganization, Problem } from '@portals/domain';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../src/db/schema/index';
import { bearer, createOrganization, createUser, type TestUser } from './fixtures';
import { useTestApp } from './test-app';

describe("a contact's own organization and ticket sharing", () => {
  const context = useTestApp();
  let main: TestUser;
  let technical: TestUser;
  let organizationId: string;

  beforeAll(async () => {
    organizationId = await createOrganization(context.database, { name: 'Hooli', tier: 'advanced' });
    main = await createUser(context.database, { organizationId, roles: ['main'] });
    technical = await createUser(context.database, { organizationId, roles: ['technical'] });
  });

  const share = (user: TestUser, enabled: boolean) =>
    context.app.inject({
      method: 'PUT',
      url: '/v1/organization/ticket-sharing',
      headers: bearer(context.app, user),
      payload: { enabled },
    });

  it('shows each contact their own organization, with sharing off at first', async () => {
    const response = await context.app.inject({
      method: 'GET',
      url: '/v1/organization',
      headers: bearer(context.app, technical),
    });
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
    const admin = await createUser(context.database, { staffRoles: ['admin'] });
    expect((await share(admin, true)).statusCode).toBe(403);
  });
});
