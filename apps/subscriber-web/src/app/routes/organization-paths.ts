import { supportPortalUrl } from '../../config';

export const organizationDirectoryPath = '/back-office/organizations';

export const organizationPath = (organizationId: string) =>
  `${organizationDirectoryPath}/${encodeURIComponent(organizationId)}`;

/** The staff ticket page is the Support Portal's (served beside this portal, or on its dev server). */
export const staffTicketUrl = (ticketId: string) =>
  `${supportPortalUrl}/staff/tickets/${encodeURIComponent(ticketId)}`;
