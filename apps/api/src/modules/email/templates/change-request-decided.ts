import { type ChangeRequest, formatMoney } from '@portals/domain';
import { type RenderedEmail, renderEmail } from './layout';

/** What a request asked for, as a sentence's object. */
export const describeChangeRequest = (request: ChangeRequest): string => {
  switch (request.kind) {
    case 'additional_servers':
      return `${request.servers ?? 0} additional server${request.servers === 1 ? '' : 's'}`;
    case 'additional_service':
      return `the additional service ${request.product?.name ?? ''}`.trimEnd();
    case 'tier_change':
      return `a change from the ${request.fromTier ?? ''} tier to ${request.tier ?? ''}`;
    case 'end_user_registration':
      return `the registration of the end user ${request.endUser?.name ?? ''} (${request.tier ?? ''} tier, ${request.servers ?? 0} server${request.servers === 1 ? '' : 's'})`;
    case 'partner_level_upgrade':
      return `an upgrade from the ${request.fromPartnerLevel ?? ''} partner level to ${request.partnerLevel ?? ''}`;
  }
};

/** What an approval made, told to the requester. */
const appliedSentence = (request: ChangeRequest): string => {
  if (request.kind === 'end_user_registration') {
    return `${request.endUser?.name ?? 'The end user'} is now registered as your end user; its main contact, ${request.endUser?.mainContact.email ?? ''}, was sent the Welcome emails to set a password.`;
  }
  if (request.kind === 'partner_level_upgrade') {
    return `Your organization is now a ${request.partnerLevel ?? ''} partner.`;
  }
  const servers = request.subscription?.servers ?? 0;
  return `Your subscription now has it: ${servers} server${servers === 1 ? '' : 's'} at the ${request.subscription?.tier ?? ''} tier.`;
};

/** Staff decided a change request: its requester hears the outcome (and the reason of a decline). */
export const changeRequestDecidedEmail = ({
  recipientName,
  request,
  requestsUrl,
}: {
  recipientName: string;
  request: ChangeRequest;
  requestsUrl: string;
}): RenderedEmail => {
  const what = `Your request for ${describeChangeRequest(request)}${request.subscription ? ` (${request.subscription.tier} subscription)` : ''}`;
  const declined = request.status === 'declined';
  return renderEmail({
    subject: declined ? 'Your change request was declined' : 'Your change request was approved',
    recipientName,
    blocks: [
      declined ? `${what} was declined.` : `${what} was approved. ${appliedSentence(request)}`,
      ...(declined ? [{ quote: request.declineReason ?? '' }] : []),
      ...(!declined && request.proratedMinor && request.currency
        ? [
            `The pro-rated difference for the rest of the current term, ${formatMoney(request.proratedMinor, request.currency)} before tax, will be invoiced.`,
          ]
        : []),
      { lead: 'Your change requests', url: requestsUrl },
    ],
  });
};

/** To the staff who decide change requests: a customer notified a change. */
export const changeRequestReceivedEmail = ({
  recipientName,
  request,
  inboxUrl,
}: {
  recipientName: string;
  request: ChangeRequest;
  inboxUrl: string;
}): RenderedEmail =>
  renderEmail({
    subject: `Change request from ${request.organization.name}`,
    recipientName,
    blocks: [
      request.subscription
        ? `${request.requestedBy.name} of ${request.organization.name} notified ${describeChangeRequest(request)} for their ${request.subscription.tier} subscription (${request.subscription.servers} servers).`
        : `${request.requestedBy.name} of ${request.organization.name} asked for ${describeChangeRequest(request)}.`,
      ...(request.note ? [{ quote: request.note }] : []),
      { lead: 'Review it in the back office:', url: inboxUrl },
    ],
  });
