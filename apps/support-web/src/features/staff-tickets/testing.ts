import type { Permission, Ticket, TicketSummary } from '@portals/domain';
import { createTestSession, renderPortal, testStaffMe } from '@portals/web-ui/testing';
import { portal } from '../../app/portal';

export const agent = testStaffMe({
  name: 'Ada Agent',
  staffRoles: ['support_agent'],
  permissions: ['ticket:read:any', 'ticket:work:any', 'canned_reply:manage:any'] satisfies Permission[],
});

export const organizationId = '5d1c9a7e-2b3f-4c6d-8e9f-0a1b2c3d4e5f';

export const testTicketSummary = (number: number, overrides: Partial<TicketSummary> = {}): TicketSummary => ({
  id: `00000000-0000-4000-8000-${String(number).padStart(12, '0')}`,
  number,
  organizationId,
  organizationName: 'Acme',
  organizationTier: 'premium',
  subject: `Ticket ${number}`,
  status: 'open',
  severity: 3,
  requester: { id: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e', name: 'Tess Technical' },
  assignee: null,
  productId: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
  createdAt: '2026-05-01T09:00:00Z',
  lastActivityAt: '2026-05-01T10:00:00Z',
  sla: {
    owed: null,
    dueAt: null,
    warnAt: null,
    pausedAt: null,
    firstResponseDueAt: null,
    firstRespondedAt: null,
    nextResponseDueAt: null,
  },
  ...overrides,
});

export const testTicket = (number: number, overrides: Partial<Ticket> = {}): Ticket => ({
  ...testTicketSummary(number),
  description: 'The licence server stops answering.',
  product: { id: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f', name: 'Orbit Server' },
  component: null,
  version: null,
  ccs: [],
  mergedIntoTicketId: null,
  updatedAt: '2026-05-01T10:00:00Z',
  solvedAt: null,
  closedAt: null,
  slaBreaches: [],
  rating: null,
  ...overrides,
});

/** The Support Portal at `path`, signed in as a support agent. */
export const openAsAgent = (path: string) =>
  renderPortal(portal, { basename: '/support', path: `/support${path}`, session: createTestSession(agent) });
