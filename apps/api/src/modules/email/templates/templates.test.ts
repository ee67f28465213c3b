import { describe, expect, it } from 'vitest';
import { alertEmail } from './alert';
import { contactChangeEmail } from './contact-change';
import { contactRequestDecidedEmail } from './contact-request-decided';
import { contactRequestReceivedEmail } from './contact-request-received';
import { invitationEmail } from './invitation';
import { portalUrl, type RenderedEmail, renderEmail, replyAboveMarker } from './layout';
import { passwordChangedEmail } from './password-changed';
import { passwordResetEmail } from './password-reset';
import { supportWelcomeEmail } from './support-welcome';
import { ticketCustomerReplyEmail } from './ticket-customer-reply';
import { ticketMergedEmail } from './ticket-merged';
import { ticketReceivedEmail } from './ticket-received';
import { ticketReplyEmail } from './ticket-reply';
import { ticketSeverityRaisedEmail } from './ticket-severity-raised';
import { ticketSlaWarningEmail } from './ticket-sla-warning';
import { ticketStatusChangedEmail } from './ticket-status-changed';
import { webhookDisabledEmail } from './webhook-disabled';
import { welcomeEmail } from './welcome';

/** What someone could type into a name, a subject, a reply or a reason. */
const hostile = '<img src=x onerror=alert(1)> "&\' <script>x</script>';
const link = 'https://portals.example/support/tickets/7f0c#rate';
const ticket = { number: 1042, subject: hostile };

const everyTemplate: Record<string, RenderedEmail> = {
  contactRequestReceived: contactRequestReceivedEmail({
    recipientName: hostile,
    organizationName: hostile,
    request: { kind: 'technical_contact', name: hostile, email: hostile, reason: hostile },
    seats: { included: 2, additional: 0, inUse: 2, available: 0 },
    queueUrl: link,
  }),
  alert: alertEmail({
    kind: 'security_advisory',
    title: hostile,
    body: hostile,
    mandatory: true,
    alertsUrl: link,
  }),
  invitation: invitationEmail({ recipientName: hostile, portal: 'support', link }),
  passwordReset: passwordResetEmail({ recipientName: hostile, portal: 'subscriber', link }),
  passwordChanged: passwordChangedEmail({ recipientName: hostile, forgotPasswordLink: link }),
  webhookDisabled: webhookDisabledEmail({
    recipientName: hostile,
    url: hostile,
    failingSince: hostile,
    webhooksLink: link,
  }),
  welcome: welcomeEmail({ recipientName: hostile, organizationName: hostile, link, alsoSupportPortal: true }),
  supportWelcome: supportWelcomeEmail({
    recipientName: hostile,
    organizationName: hostile,
    signInLink: link,
  }),
  contactChange: contactChangeEmail({ recipientName: hostile, change: hostile }),
  contactRequestDecided: contactRequestDecidedEmail({
    recipientName: hostile,
    request: {
      kind: 'technical_contact',
      name: hostile,
      email: hostile,
      status: 'declined',
      declineReason: hostile,
    },
  }),
  ticketReceived: ticketReceivedEmail({
    recipientName: hostile,
    ticket: { ...ticket, severity: 2 },
    isRequester: false,
    requesterName: hostile,
    ticketUrl: link,
  }),
  ticketReply: ticketReplyEmail({
    recipientName: hostile,
    ticket,
    authorName: hostile,
    body: hostile,
    ticketUrl: link,
  }),
  ticketCustomerReply: ticketCustomerReplyEmail({
    recipientName: hostile,
    ticket,
    authorName: hostile,
    organizationName: hostile,
    body: hostile,
    ticketUrl: link,
  }),
  ticketSolved: ticketStatusChangedEmail({
    recipientName: hostile,
    ticket,
    from: 'open',
    to: 'solved',
    reason: hostile,
    ticketUrl: link,
    rateUrl: link,
  }),
  ticketSeverityRaised: ticketSeverityRaisedEmail({
    recipientName: hostile,
    ticket,
    organizationName: hostile,
    actorName: hostile,
    from: 3,
    to: 1,
    reason: hostile,
    ticketUrl: link,
  }),
  ticketSlaWarning: ticketSlaWarningEmail({
    recipientName: hostile,
    ticket,
    organizationName: hostile,
    kind: 'first_response',
    dueAt: new Date('2026-12-07T16:00:00Z'),
    breached: false,
    ticketUrl: link,
  }),
  ticketMerged: ticketMergedEmail({
    recipientName: hostile,
    source: ticket,
    target: { number: 1043, subject: hostile, url: link },
  }),
};

describe('email templates', () => {
  it.each(Object.entries(everyTemplate))(
    '%s: escapes every value in the HTML, not in the text',
    (_, email) => {
      expect(email.html).not.toMatch(/<img|<script|onerror=alert\(1\)>/);
      expect(email.html).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;&amp;&#39; &lt;script&gt;');
      expect(email.text).toContain(hostile);
      expect(email.subject).not.toContain('\n');
    },
  );

  it('opens an email that may be answered by email with the reply marker, and no other', () => {
    const answerable = ticketReplyEmail({
      recipientName: 'Ada',
      ticket,
      authorName: 'Support',
      body: 'Which version?',
      ticketUrl: link,
      replyByEmail: true,
    });
    expect(answerable.text.split('\n')[0]).toBe(replyAboveMarker);
    expect(answerable.text).toContain('Answer by replying to this email');
    expect(answerable.html).toContain(replyAboveMarker);
    expect(answerable.html.indexOf(replyAboveMarker)).toBeLessThan(answerable.html.indexOf('Hello Ada'));
    for (const email of Object.values(everyTemplate)) expect(email.text).not.toContain(replyAboveMarker);
  });

  it('keeps a subject on one line', () => {
    expect(renderEmail({ subject: 'First\r\nBcc: someone@elsewhere.example', blocks: [] }).subject).toBe(
      'First Bcc: someone@elsewhere.example',
    );
  });

  it('writes links absolute, under the public address, and refuses any other kind', () => {
    expect(portalUrl('https://portals.example/', 'support', '/tickets/abc')).toBe(
      'https://portals.example/support/tickets/abc',
    );
    expect(portalUrl('https://example.com/portals', 'subscriber', 'set-password')).toBe(
      'https://example.com/portals/subscriber/set-password',
    );
    expect(() =>
      renderEmail({ subject: 's', blocks: [{ lead: 'Go', url: '/support/tickets/abc' }] }),
    ).toThrow();
    expect(() =>
      renderEmail({ subject: 's', blocks: [{ lead: 'Go', url: 'javascript:alert(1)' }] }),
    ).toThrow();
  });
});
