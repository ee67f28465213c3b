import type { ProductCatalogue, Ticket, TicketEvent, TicketSummary } from '@portals/domain';
import { testMe } from '@portals/web-ui/testing';

export const technicalMe = () =>
  testMe({
    id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    name: 'Tom Technical',
    contactRoles: ['technical'],
    permissions: ['subscription:read:org', 'organization:read:org', 'ticket:read:own', 'ticket:write:own'],
  });

export const mainMe = () =>
  testMe({
    permissions: [
      'subscription:read:org',
      'organization:read:org',
      'ticket:read:own',
      'ticket:read:org',
      'ticket:write:own',
      'ticket_sharing:manage:org',
      'contact:read:org',
    ],
  });

export const catalogue: ProductCatalogue = {
  items: [
    {
      id: '9b1f0e2d-3c4b-4a59-8687-766554433221',
      name: 'Data Platform',
      components: [{ id: 'c0000000-0000-4000-8000-000000000001', name: 'Replication' }],
      versions: [{ id: 'd0000000-0000-4000-8000-000000000001', name: '7.2' }],
    },
    {
      id: '8a0e9d1c-2b3a-4948-8576-655443322110',
      name: 'Gateway',
      components: [{ id: 'c0000000-0000-4000-8000-000000000002', name: 'TLS' }],
      versions: [{ id: 'd0000000-0000-4000-8000-000000000002', name: '3.0' }],
    },
  ],
};

export const colleagues = {
  items: [{ id: '2b3c4d5e-6f70-4a8b-9cad-1e2f3a4b5c6d', name: 'Carla Colleague' }],
};

export const ticketId = 'f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9';

export const testTicket = (overrides: Partial<Ticket> = {}): Ticket => ({
  id: ticketId,
  number: 1042,
  organizationId: '5d1c9a7e-2b3f-4c6d-8e9f-0a1b2c3d4e5f',
  organizationName: 'Acme',
  organizationTier: 'premium',
  subject: 'Replication lag on node-2',
  description: 'Lag grows after midnight.',
  status: 'open',
  severity: 2,
  requester: { id: technicalMe().id, name: 'Tom Technical' },
  assignee: { id: '7c2f1e0d-3a4b-4c5d-9e8f-1a2b3c4d5e6f', name: 'Sam Support' },
  productId: catalogue.items[0]?.id ?? '',
  product: { id: catalogue.items[0]?.id ?? '', name: 'Data Platform' },
  component: null,
  version: null,
  ccs: [{ id: colleagues.items[0]?.id ?? '', name: 'Carla Colleague' }],
  mergedIntoTicketId: null,
  createdAt: '2026-11-30T09:00:00Z',
  lastActivityAt: '2026-11-30T10:00:00Z',
  updatedAt: '2026-11-30T10:00:00Z',
  solvedAt: null,
  closedAt: null,
  sla: {
    owed: null,
    dueAt: null,
    warnAt: null,
    pausedAt: null,
    firstResponseDueAt: null,
    firstRespondedAt: null,
    nextResponseDueAt: null,
  },
  slaBreaches: [],
  rating: null,
  ...overrides,
});

export const summaryOf = (ticket: Ticket): TicketSummary => ({
  id: ticket.id,
  number: ticket.number,
  organizationId: ticket.organizationId,
  organizationName: ticket.organizationName,
  organizationTier: ticket.organizationTier,
  subject: ticket.subject,
  status: ticket.status,
  severity: ticket.severity,
  requester: ticket.requester,
  assignee: ticket.assignee,
  productId: ticket.productId,
  createdAt: ticket.createdAt,
  lastActivityAt: ticket.lastActivityAt,
  sla: ticket.sla,
});

const at = '2026-11-30T09:00:00Z';
const tom = { id: technicalMe().id, name: 'Tom Technical' };
const sam = { id: '7c2f1e0d-3a4b-4c5d-9e8f-1a2b3c4d5e6f', name: 'Sam Support' };

export const testEvents: TicketEvent[] = [
  {
    id: 1,
    ticketId,
    actor: tom,
    createdAt: at,
    visibility: 'public',
    kind: 'created',
    body: 'Lag grows after **midnight**.',
  },
  {
    id: 2,
    ticketId,
    actor: sam,
    createdAt: at,
    visibility: 'internal',
    kind: 'internal_note',
    body: 'Customer is on an old build, SECRET',
  },
  {
    id: 3,
    ticketId,
    actor: sam,
    createdAt: at,
    visibility: 'public',
    kind: 'public_reply',
    body: 'Try this <script>alert(1)</script> and [x](javascript:alert(1)), see [docs](https://docs.example.com)',
  },
  {
    id: 4,
    ticketId,
    actor: tom,
    createdAt: at,
    visibility: 'public',
    kind: 'severity_changed',
    data: { from: 3, to: 2, reason: 'Production is now affected' },
  },
  {
    id: 5,
    ticketId,
    actor: sam,
    createdAt: at,
    visibility: 'internal',
    kind: 'assigned',
    data: { from: null, to: sam },
  },
  {
    id: 6,
    ticketId,
    actor: tom,
    createdAt: at,
    visibility: 'public',
    kind: 'status_changed',
    data: { from: 'new', to: 'open' },
  },
];
