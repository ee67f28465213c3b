import { Link } from 'react-router-dom';
import { paths } from '../../../config/paths';
import { useMe } from '../../../lib/auth';

/**
 * On every page while an administrator's rights wait for two-factor sign-in: the API withholds them
 * until the session passed it, which the navigation and pages reflect without saying why.
 */
export function TwoFactorRequiredBanner() {
  const me = useMe();
  if (!me?.twoFactorRequired) return null;
  return (
    <aside className="notice" aria-label="Two-factor sign-in needed">
      <strong>Your administrator rights need two-factor sign-in: </strong>
      {me.twoFactorEnabled ? (
        'sign out, then sign in again with a code from your authenticator app.'
      ) : (
        <Link to={paths.account}>set it up</Link>
      )}
    </aside>
  );
}
