import { z } from 'zod';
import { NewPassword, SetPasswordRequest } from './auth';
import { PersonName, Phone } from './contact';

/** A set-your-password link to look at before using it: its token, which is not used up. */
export const PasswordLinkRequest = SetPasswordRequest.pick({ token: true });
export type PasswordLinkRequest = z.infer<typeof PasswordLinkRequest>;

export const passwordLinkPurposes = ['invitation', 'password_reset'] as const;

/**
 * What the holder of a usable link may know already (the email it was sent to, and for whom): the
 * account's email and organization. A used, expired or unknown link says only that.
 */
export const UsablePasswordLink = z.object({
  status: z.literal('usable'),
  purpose: z.enum(passwordLinkPurposes),
  email: z.string(),
  organizationName: z.string().nullable(),
  expiresAt: z.iso.datetime(),
});
export const RefusedPasswordLink = z.object({ status: z.enum(['used', 'expired', 'invalid']) });
export const PasswordLink = z.union([UsablePasswordLink, RefusedPasswordLink]);
export type PasswordLink = z.infer<typeof PasswordLink>;

export const ChangePasswordRequest = z.object({
  currentPassword: z.string().min(1, 'is required').max(200),
  newPassword: NewPassword,
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

/** One's own details: what the account page shows and lets one change (name and phone). */
export const Profile = z.object({
  name: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  organizationName: z.string().nullable(),
});
export type Profile = z.infer<typeof Profile>;

export const UpdateProfileRequest = z
  .object({
    name: PersonName.optional(),
    /** Null or empty clears the phone number. */
    phone: Phone.nullable().optional(),
  })
  .refine((body) => body.name !== undefined || body.phone !== undefined, {
    message: 'must change the name or the phone',
  });
export type UpdateProfileRequest = z.infer<typeof UpdateProfileRequest>;

/** A signed-in device: one refresh-token family, from sign-in to its latest refresh. */
export const SignInSession = z.object({
  id: z.uuid(),
  /** The browser or program, as it named itself. */
  userAgent: z.string().nullable(),
  ipAddress: z.string().nullable(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime(),
  /** The session of this request. */
  current: z.boolean(),
});
export type SignInSession = z.infer<typeof SignInSession>;

export const SignInSessionList = z.object({ items: z.array(SignInSession) });
export type SignInSessionList = z.infer<typeof SignInSessionList>;
