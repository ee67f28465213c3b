import { supportPortalPath } from '../../config';

export const organizationDirectoryPath = '/back-office/organizations';

export const organizationPath = (organizationId: string) =>
  `${organizationDirectoryPath}/${encodeURIComponent(organizationId)}`;

/** The staff ticket page is the Support Portal's, served beside this portal. */
export const staffTicketUrl = (ticketId: string) =>
  `${supportPortalPath}/staff/tickets/${encodeURIComponent(ticketId)}`;
