import { ChangePasswordCard } from '../../features/account/components/change-password-card';
import { ProfileCard } from '../../features/account/components/profile-card';
import { SignInSessionsCard } from '../../features/account/components/sign-in-sessions-card';
import { ApiTokensCard } from '../../features/api-tokens/components/api-tokens-card';
import { AccountPage } from '../../features/auth/components/account-page';
import { EmailPreferencesCard } from '../../features/email-preferences/components/email-preferences-card';
import { TwoFactorCard } from '../../features/two-factor/components/two-factor-card';

/** The account page with the sections the other features add; loaded on its own (see `createPortalRoutes`). */
export function AccountRoute() {
  return (
    <AccountPage>
      <ProfileCard />
      <ChangePasswordCard />
      <TwoFactorCard />
      <SignInSessionsCard />
      <EmailPreferencesCard />
      <ApiTokensCard />
    </AccountPage>
  );
}
