import { z } from 'zod';
import { ContactRole, StaffRole, SubscriptionTier, UserKind } from '../enums';
import { permissions } from '../policy';

export const Email = z.email().max(254);
/** Long passphrases welcome; bcrypt-style 72-byte limits do not apply to argon2. */
export const NewPassword = z.string().min(12, 'must be at least 12 characters').max(200);

export const SignInRequest = z.object({
  email: Email,
  password: z.string().min(1).max(200),
});
export type SignInRequest = z.infer<typeof SignInRequest>;

/** Who is signed in, with what they may do: the SPAs show only what this allows. */
export const Me = z.object({
  id: z.uuid(),
  kind: UserKind,
  name: z.string(),
  email: z.string(),
  organizationId: z.uuid().nullable(),
  contactRoles: z.array(ContactRole),
  staffRoles: z.array(StaffRole),
  tier: SubscriptionTier.nullable(),
  permissions: z.array(z.enum(permissions)),
});
export type Me = z.infer<typeof Me>;

/** A signed-in session: the short-lived access token; the refresh token travels in an httpOnly cookie. */
export const Session = z.object({
  accessToken: z.string(),
  expiresAt: z.iso.datetime(),
  me: Me,
});
export type Session = z.infer<typeof Session>;

export const PasswordResetRequest = z.object({ email: Email });
export type PasswordResetRequest = z.infer<typeof PasswordResetRequest>;

export const SetPasswordRequest = z.object({
  token: z.string().min(20).max(200),
  password: NewPassword,
});
export type SetPasswordRequest = z.infer<typeof SetPasswordRequest>;

export const Accepted = z.object({ message: z.string() });
export type Accepted = z.infer<typeof Accepted>;
