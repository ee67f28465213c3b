import { z } from 'zod';
import { ContactRole, PortalId, StaffRole, SubscriptionTier, UserKind } from '../enums';
import type { Actor } from '../policy';
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
  twoFactorEnabled: z.boolean(),
  /** An administrator whose rights wait for two-factor sign-in (set it up, or sign in with it). */
  twoFactorRequired: z.boolean(),
});
export type Me = z.infer<typeof Me>;

/** A signed-in session: the short-lived access token; the refresh token travels in an httpOnly cookie. */
export const Session = z.object({
  accessToken: z.string(),
  expiresAt: z.iso.datetime(),
  /** The same moment as a duration, for clients whose clock is off. */
  expiresInSeconds: z.number().int().positive(),
  me: Me,
});
export type Session = z.infer<typeof Session>;

export const PasswordResetRequest = z.object({
  email: Email,
  /** Which portal the emailed link opens. */
  portal: PortalId.default('support'),
});
export type PasswordResetRequest = z.infer<typeof PasswordResetRequest>;

export const SetPasswordRequest = z.object({
  token: z.string().min(20).max(200),
  password: NewPassword,
});
export type SetPasswordRequest = z.infer<typeof SetPasswordRequest>;

export const Accepted = z.object({ message: z.string() });
export type Accepted = z.infer<typeof Accepted>;

/** Sign-in succeeded with the password; a one-time code is needed to finish. */
export const TwoFactorChallenge = z.object({
  twoFactorRequired: z.literal(true),
  challengeToken: z.string(),
});
export type TwoFactorChallenge = z.infer<typeof TwoFactorChallenge>;

export const SignInResponse = z.union([Session, TwoFactorChallenge]);
export type SignInResponse = z.infer<typeof SignInResponse>;

export const TwoFactorSignInRequest = z
  .object({
    challengeToken: z.string().min(20).max(200),
    code: z
      .string()
      .regex(/^\d{6}$/, 'must be the 6-digit code from the authenticator app')
      .optional(),
    recoveryCode: z.string().min(8).max(40).optional(),
  })
  .refine((value) => Boolean(value.code) !== Boolean(value.recoveryCode), {
    message: 'give either the code or a recovery code',
    path: ['code'],
  });
export type TwoFactorSignInRequest = z.infer<typeof TwoFactorSignInRequest>;

export const TwoFactorSetup = z.object({
  /** Base32, for typing into an authenticator app. */
  secret: z.string(),
  /** The otpauth:// URI, for a QR code. */
  otpauthUri: z.string(),
});
export type TwoFactorSetup = z.infer<typeof TwoFactorSetup>;

export const TwoFactorCode = z.object({
  code: z.string().regex(/^\d{6}$/, 'must be the 6-digit code from the authenticator app'),
});
export type TwoFactorCode = z.infer<typeof TwoFactorCode>;

export const TwoFactorEnabled = z.object({
  /** Shown once: each works once in place of a code. */
  recoveryCodes: z.array(z.string()),
  session: Session,
});
export type TwoFactorEnabled = z.infer<typeof TwoFactorEnabled>;

/**
 * The actor a portal reasons about, from what /v1/me answers: the SPAs use it with `can()` to hide
 * what the user may not do (the API decides for real).
 */
export const actorFromMe = (me: Me): Actor => ({
  userId: me.id,
  kind: me.kind,
  organizationId: me.organizationId,
  contactRoles: me.contactRoles,
  staffRoles: me.staffRoles,
  tier: me.tier,
  twoFactorVerified: !me.twoFactorRequired,
  scopes: null,
});
