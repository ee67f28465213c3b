import { portalsOf } from '@portals/domain';
import { usePortalIdentity, usePortalUrls } from '../../../components/app-providers';
import { useMe } from '../../../lib/auth';
import { portalNames } from '../../../lib/portal-names';

/**
 * "Open the Subscriber Portal" from the Support Portal and the other way round, for a person with something
 * to do there (the domain's `portalsOf`: a main contact and most staff use both, a technical contact only the
 * Support Portal, an administrative contact and billing staff only the Subscriber Portal). The same sign-in
 * holds in both.
 */
export function OtherPortalLink() {
  const me = useMe();
  const { id } = usePortalIdentity();
  const portalUrls = usePortalUrls();
  const other = me ? portalsOf(me.permissions).find((portal) => portal !== id) : undefined;
  if (!other) return null;
  return (
    <a className="button button-secondary overview-portal-link" href={`${portalUrls[other]}/`}>
      Open the {portalNames[other]}
    </a>
  );
}
