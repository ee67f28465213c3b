import { z } from 'zod';
import type { ContactRole } from '../enums';

/** Every kind of email the portals send; the list is written once, here. */
export const emailKinds = [
  'subscription_changed',
  'renewal_notice',
  'invoice_issued',
  'payment_received',
  'invoice_overdue',
  'ticket_update',
  'alert',
  'contact_change',
  'contact_request_decided',
  'change_request_decided',
  'welcome',
  'support_welcome',
  'invitation',
  'password_reset',
  'password_changed',
] as const;
export const EmailKind = z.enum(emailKinds);
export type EmailKind = z.infer<typeof EmailKind>;

/**
 * Who receives a kind of email: the contacts holding one of `roles`, or only the person the message
 * is about (`person`). A mandatory kind ignores preferences: it cannot be turned off.
 */
export type EmailAudience = { roles: readonly ContactRole[] } | { person: true };

export interface EmailKindRule {
  audience: EmailAudience;
  mandatory: boolean;
}

const personConcerned: EmailKindRule = { audience: { person: true }, mandatory: true };

/** Adding a kind without its rule fails to compile. */
export const emailKindRules: Record<EmailKind, EmailKindRule> = {
  // Contractual and subscription notices: the main contact, always.
  subscription_changed: { audience: { roles: ['main'] }, mandatory: true },
  renewal_notice: { audience: { roles: ['main'] }, mandatory: true },
  // Billing: main and administrative; an invoice always arrives, a payment receipt may be turned off.
  invoice_issued: { audience: { roles: ['main', 'administrative'] }, mandatory: true },
  payment_received: { audience: { roles: ['main', 'administrative'] }, mandatory: false },
  invoice_overdue: { audience: { roles: ['main', 'administrative'] }, mandatory: true },
  // Support: technical and main, per their preferences.
  ticket_update: { audience: { roles: ['technical', 'main'] }, mandatory: false },
  alert: { audience: { roles: ['technical', 'main'] }, mandatory: false },
  // About one person's own account or request.
  contact_change: personConcerned,
  contact_request_decided: personConcerned,
  change_request_decided: personConcerned,
  welcome: personConcerned,
  support_welcome: personConcerned,
  invitation: personConcerned,
  password_reset: personConcerned,
  // A change of one's password, confirmed to the address: the owner learns of a change they did not make.
  password_changed: personConcerned,
};

/** A contact as the resolver sees it: roles, whether active, and the optional kinds they set. */
export interface EmailContact {
  id: string;
  email: string;
  roles: readonly ContactRole[];
  active: boolean;
  /** Kind → enabled; a kind not listed is enabled. */
  preferences: Partial<Record<EmailKind, boolean>>;
}

/** Does this kind concern a contact with these roles (so that they may see or set a preference)? */
export const emailKindConcerns = (kind: EmailKind, roles: readonly ContactRole[]): boolean => {
  const { audience } = emailKindRules[kind];
  // The main contact is the sole contact for all purposes when nobody else holds a role.
  return (
    'person' in audience || roles.includes('main') || audience.roles.some((role) => roles.includes(role))
  );
};

/**
 * The addresses a kind of email goes to. A role-based kind goes to the active contacts holding one of
 * its roles; when none does, to the main contact (the sole contact for all purposes). A person kind goes
 * to `concerning` only. Contacts who turned an optional kind off are skipped; mandatory kinds ignore
 * preferences. Each address appears once.
 */
export const recipientsFor = (
  kind: EmailKind,
  contacts: readonly EmailContact[],
  concerning?: string,
): string[] => {
  const rule = emailKindRules[kind];
  const active = contacts.filter((contact) => contact.active);
  let audience: EmailContact[];
  if ('person' in rule.audience) {
    audience = concerning ? contacts.filter((contact) => contact.id === concerning) : [];
  } else {
    const roles = rule.audience.roles;
    audience = active.filter((contact) => contact.roles.some((role) => roles.includes(role)));
    if (audience.length === 0) audience = active.filter((contact) => contact.roles.includes('main'));
  }
  const wanted = rule.mandatory
    ? audience
    : audience.filter((contact) => contact.preferences[kind] !== false);
  return [...new Set(wanted.map((contact) => contact.email))];
};

/** One kind of email as the caller sees it in their preferences. */
export const EmailPreference = z.object({
  kind: EmailKind,
  mandatory: z.boolean(),
  enabled: z.boolean(),
});
export type EmailPreference = z.infer<typeof EmailPreference>;

export const EmailPreferences = z.object({ items: z.array(EmailPreference) });
export type EmailPreferences = z.infer<typeof EmailPreferences>;

export const EmailPreferenceRequest = z.object({ kind: EmailKind, enabled: z.boolean() });
export type EmailPreferenceRequest = z.infer<typeof EmailPreferenceRequest>;
