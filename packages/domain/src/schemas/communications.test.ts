import { describe, expect, it } from 'vitest';
import { type EmailContact, type EmailKind, emailKindConcerns, recipientsFor } from './communications';

const contact = (
  id: string,
  roles: EmailContact['roles'],
  options: { active?: boolean; off?: EmailKind[] } = {},
): EmailContact => ({
  id,
  email: `${id}@acme.example`,
  roles,
  active: options.active ?? true,
  preferences: Object.fromEntries((options.off ?? []).map((kind) => [kind, false])),
});

const main = contact('main', ['main']);
const admin = contact('admin', ['administrative']);
const tech = contact('tech', ['technical']);
const tech2 = contact('tech2', ['technical']);
const full = [main, admin, tech, tech2];

const cases: [string, EmailKind, EmailContact[], string[], string?][] = [
  ['a subscription notice to the main contact only', 'subscription_changed', full, ['main']],
  ['a renewal notice to the main contact only', 'renewal_notice', full, ['main']],
  ['an invoice to main and administrative', 'invoice_issued', full, ['main', 'admin']],
  ['a payment receipt to main and administrative', 'payment_received', full, ['main', 'admin']],
  ['a ticket update to technical contacts and main', 'ticket_update', full, ['main', 'tech', 'tech2']],
  ['an alert to technical contacts and main', 'alert', full, ['main', 'tech', 'tech2']],
  ['billing to main when there is no administrative contact', 'invoice_issued', [main, tech], ['main']],
  ['support to main when there is no technical contact', 'alert', [main, admin], ['main']],
  [
    'an invoice ignores a preference (mandatory)',
    'invoice_issued',
    [contact('main', ['main'], { off: ['invoice_issued'] }), admin],
    ['main', 'admin'],
  ],
  [
    'a receipt skips the contact who turned it off',
    'payment_received',
    [main, contact('admin', ['administrative'], { off: ['payment_received'] })],
    ['main'],
  ],
  [
    'an alert skips the technical contact who turned it off',
    'alert',
    [main, contact('tech', ['technical'], { off: ['alert'] }), tech2],
    ['main', 'tech2'],
  ],
  [
    'an inactive technical contact gets nothing',
    'ticket_update',
    [main, contact('tech', ['technical'], { active: false })],
    ['main'],
  ],
  ['a person kind goes to the person concerned only', 'password_reset', full, ['tech'], 'tech'],
  ['a welcome goes to the person concerned only', 'welcome', full, ['admin'], 'admin'],
  ['a person kind without a person goes to nobody', 'contact_change', full, []],
  [
    'a person kind ignores preferences',
    'contact_change',
    [contact('main', ['main'], { off: ['contact_change'] })],
    ['main'],
    'main',
  ],
  [
    'one address once, for a contact holding two roles',
    'alert',
    [contact('main', ['main', 'technical'])],
    ['main'],
  ],
];

describe('recipientsFor', () => {
  for (const [name, kind, contacts, expected, concerning] of cases) {
    it(`sends ${name}`, () => {
      expect(recipientsFor(kind, contacts, concerning).sort()).toEqual(
        expected.map((id) => `${id}@acme.example`).sort(),
      );
    });
  }
});

describe('emailKindConcerns', () => {
  it('gives a technical contact support kinds, not billing ones', () => {
    expect(emailKindConcerns('alert', ['technical'])).toBe(true);
    expect(emailKindConcerns('payment_received', ['technical'])).toBe(false);
  });
  it('gives the main contact every kind', () => {
    expect(emailKindConcerns('payment_received', ['main'])).toBe(true);
    expect(emailKindConcerns('ticket_update', ['main'])).toBe(true);
  });
});
