import { z } from 'zod';
import { ContactRole, SubscriptionTier } from '../enums';

/** What an alert is about; the list is written once, here. */
export const alertKinds = ['security_advisory', 'maintenance', 'incident'] as const;
export const AlertKind = z.enum(alertKinds);
export type AlertKind = z.infer<typeof AlertKind>;

/** Alert kinds whose email ignores the contacts' preferences: nobody may miss a security advisory. */
export const mandatoryAlertKinds: readonly AlertKind[] = ['security_advisory'];

export const alertLimits = { titleMaxLength: 200, bodyMaxLength: 20_000 } as const;

const writtenText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters')
    .refine((value) => value.trim().length > 0, 'must not be blank');

/**
 * Whom an alert reaches: contacts of organizations with an active subscription of one of `tiers` to one
 * of `productIds` (the same subscription), holding one of `roles`. An empty list does not narrow.
 */
export const AlertAudience = z.object({
  tiers: z.array(SubscriptionTier).max(3).default([]),
  productIds: z.array(z.uuid()).max(50).default([]),
  roles: z.array(ContactRole).max(3).default([]),
});
export type AlertAudience = z.infer<typeof AlertAudience>;

export const AlertCreateRequest = z.object({
  kind: AlertKind,
  title: writtenText(alertLimits.titleMaxLength),
  /** Markdown, shown through the portals' safe Markdown renderer and quoted as text in the email. */
  body: writtenText(alertLimits.bodyMaxLength),
  /** After this the banner goes; the alert stays on the alerts page. */
  activeUntil: z.iso.datetime({ offset: true }).nullable().default(null),
  audience: AlertAudience.default({ tiers: [], productIds: [], roles: [] }),
});
export type AlertCreateRequest = z.infer<typeof AlertCreateRequest>;

export const AlertParams = z.object({ alertId: z.uuid() });

/** An alert as its audience reads it: nothing about whom else it reached. */
export const Alert = z.object({
  id: z.uuid(),
  kind: AlertKind,
  title: z.string(),
  body: z.string(),
  publishedAt: z.iso.datetime({ offset: true }),
  activeUntil: z.iso.datetime({ offset: true }).nullable(),
  /** Whether the banner still shows: not past `activeUntil`. */
  active: z.boolean(),
  /** The reader closed its banner. */
  dismissed: z.boolean(),
});
export type Alert = z.infer<typeof Alert>;

export const AlertList = z.object({ items: z.array(Alert) });
export type AlertList = z.infer<typeof AlertList>;

/** An alert as staff see it: its audience, who published it and how many emails it queued. */
export const StaffAlert = Alert.omit({ dismissed: true }).extend({
  audience: AlertAudience,
  publishedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  emailsQueued: z.number().int(),
});
export type StaffAlert = z.infer<typeof StaffAlert>;

export const StaffAlertList = z.object({ items: z.array(StaffAlert) });
export type StaffAlertList = z.infer<typeof StaffAlertList>;
