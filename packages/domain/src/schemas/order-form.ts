import { z } from 'zod';
import { OrganizationKind, PartnerLevel, SubscriptionTier } from '../enums';
import { Email } from './auth';

export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR or USD');

const Person = z.object({
  name: z.string().trim().min(1, 'is required').max(200),
  email: Email,
  phone: z.string().trim().max(40).optional(),
});

/** What staff transcribe from a signed Order Form. */
export const OrderFormRequest = z
  .object({
    number: z
      .string()
      .trim()
      .min(1, 'is required')
      .max(40)
      .regex(/^[A-Za-z0-9][A-Za-z0-9/_-]*$/, 'may hold letters, digits, - / and _ only'),
    organization: z
      .object({
        name: z.string().trim().min(1, 'is required').max(200),
        kind: OrganizationKind,
        partnerLevel: PartnerLevel.optional(),
        /** For an end user: the partner organization that registered it. */
        registeringPartnerId: z.uuid().optional(),
      })
      .superRefine((organization, context) => {
        if (organization.kind === 'partner' && !organization.partnerLevel) {
          context.addIssue({ code: 'custom', path: ['partnerLevel'], message: 'is required for a partner' });
        }
        if (organization.kind === 'customer' && organization.partnerLevel) {
          context.addIssue({ code: 'custom', path: ['partnerLevel'], message: 'applies to partners only' });
        }
        if (organization.kind === 'partner' && organization.registeringPartnerId) {
          context.addIssue({
            code: 'custom',
            path: ['registeringPartnerId'],
            message: 'applies to end-user customers only',
          });
        }
      }),
    subscription: z
      .object({
        tier: SubscriptionTier,
        servers: z.number().int().min(1).max(100_000),
        termStart: z.iso.date(),
        termEnd: z.iso.date(),
        currency: CurrencyCode,
      })
      .refine((subscription) => subscription.termEnd > subscription.termStart, {
        path: ['termEnd'],
        message: 'must be after the term start',
      }),
    mainContact: Person,
    administrativeContact: Person.optional(),
  })
  .refine(
    (form) =>
      !form.administrativeContact ||
      form.administrativeContact.email.toLowerCase() !== form.mainContact.email.toLowerCase(),
    { path: ['administrativeContact', 'email'], message: 'must differ from the main contact’s' },
  );
export type OrderFormRequest = z.infer<typeof OrderFormRequest>;

export const OrderFormResult = z.object({
  number: z.string(),
  organizationId: z.uuid(),
  subscriptionId: z.uuid(),
  mainContactId: z.uuid(),
  administrativeContactId: z.uuid().nullable(),
  processedAt: z.iso.datetime(),
  /** False when this number had been processed before with the same details: nothing was created twice. */
  created: z.boolean(),
});
export type OrderFormResult = z.infer<typeof OrderFormResult>;
