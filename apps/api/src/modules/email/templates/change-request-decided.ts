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
  }
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
  const what = `Your request for ${describeChangeRequest(request)} (${request.subscription.tier} subscription)`;
  const declined = request.status === 'declined';
  return renderEmail({
    subject: declined ? 'Your change request was declined' : 'Your change request was approved',
    recipientName,
    blocks: [
      declined
        ? `${what} was declined.`
        : `${what} was approved and your subscription now has it: ${request.subscription.servers} server${request.subscription.servers === 1 ? '' : 's'} at the ${request.subscription.tier} tier.`,
      ...(declined ? [{ quote: request.declineReason ?? '' }] : []),
      ...(!declined && request.proratedMinor
        ? [
            `The pro-rated difference for the rest of the current term, ${formatMoney(request.proratedMinor, request.currency)} before tax, will be invoiced.`,
          ]
        : []),
      { lead: 'Your change requests', url: requestsUrl },
    ],
  });
};
