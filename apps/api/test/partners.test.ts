import { Me, PartnerEndUserPage, Problem } from '@portals/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { organizations, subscriptions } from '../src/db/schema/index';
import type { TestUser } from './fixtures';
import { useTestApp } from './test-app';

describe("a partner's end users", () => {
  const context = useTestApp();
  let partnerMain: TestUser;
  let partnerTechnical: TestUser;
  let otherPartnerMain: TestUser;
  let customerMain: TestUser;

  const createPartner = async (name: string) => {
    const [partner] = await context.database.db
      .insert(organizations)
      .values({ name, kind: 'partner', partnerLevel: 'silver' })
      .returning({ id: organizations.id });
    if (!partner) throw new Error('partner not created');
    return partner.id;
  };
  const createEndUser = async (partnerId: string, name: string, servers: number) => {
    const [endUser] = await context.database.db
      .insert(organizations)
      .values({ name, kind: 'customer', registeringPartnerId: partnerId })
      .returning({ id: organizations.id });
    if (!endUser) throw new Error('end user not created');
    await context.database.db.insert(subscriptions).values({
      organizationId: endUser.id,
      tier: 'advanced',
      servers,
      termStart: '2026-01-01',
      termEnd: '2027-03-31',
    });
    await context.factories.contact({
      organizationId: endUser.id,
      roles: ['main'],
      email: `main-${servers}@end.example`,
    });
  };

  beforeAll(async () => {
    const partnerId = await createPartner('Reseller One');
    const otherPartnerId = await createPartner('Reseller Two');
    partnerMain = await context.factories.contact({ organizationId: partnerId, roles: ['main'] });
    partnerTechnical = await context.factories.contact({
      organizationId: partnerId,
      roles: ['technical'],
    });
    otherPartnerMain = await context.factories.contact({
      organizationId: otherPartnerId,
      roles: ['main'],
    });
    customerMain = await context.factories.contact({
      organizationId: await context.factories.organization(),
      roles: ['main'],
    });
    for (const servers of [1, 2, 3]) await createEndUser(partnerId, `End user ${servers}`, servers);
    await createEndUser(otherPartnerId, 'Not yours', 99);
  });

  const list = (user: TestUser, query = '') => context.as(user).get(`/v1/partner/end-users${query}`);

  it('shows the main contact the end users it registered, page by page: name and subscriptions only', async () => {
    const first = PartnerEndUserPage.parse((await list(partnerMain, '?limit=2')).json());
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = PartnerEndUserPage.parse(
      (await list(partnerMain, `?limit=2&cursor=${first.nextCursor}`)).json(),
    );
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const all = [...first.items, ...second.items];
    expect(all.map((endUser) => endUser.name).sort()).toEqual(['End user 1', 'End user 2', 'End user 3']);
    expect(all[0]?.subscriptions).toEqual([
      { tier: 'advanced', servers: expect.any(Number), status: 'active', renewalDate: '2027-03-31' },
    ]);
    const raw = JSON.stringify((await list(partnerMain)).json());
    expect(raw).not.toContain('@end.example');
  });

  it("never shows another partner's end users", async () => {
    const mine = PartnerEndUserPage.parse((await list(partnerMain)).json());
    expect(mine.items.map((endUser) => endUser.name)).not.toContain('Not yours');
    const theirs = PartnerEndUserPage.parse((await list(otherPartnerMain)).json());
    expect(theirs.items.map((endUser) => endUser.name)).toEqual(['Not yours']);
  });

  it("refuses a customer organization's main contact with a clear message", async () => {
    const response = await list(customerMain);
    expect(response.statusCode).toBe(403);
    expect(Problem.parse(response.json()).detail).toContain('not a partner');
  });

  it("lists the permission to the partner's main contact only, so the portals show the page to partners", async () => {
    const permissionsOf = async (user: TestUser) =>
      Me.parse((await context.as(user).get('/v1/me')).json()).permissions;
    expect(await permissionsOf(partnerMain)).toContain('partner_end_users:read:org');
    expect(await permissionsOf(customerMain)).not.toContain('partner_end_users:read:org');
    expect(await permissionsOf(customerMain)).toContain('contact:manage:org');
  });

  it("refuses a partner's technical contact", async () => {
    expect((await list(partnerTechnical)).statusCode).toBe(403);
  });
});
