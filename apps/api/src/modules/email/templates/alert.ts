import type { AlertKind } from '@portals/domain';
import { type RenderedEmail, renderEmail } from './layout';

export const alertKindWords: Record<AlertKind, string> = {
  security_advisory: 'Security advisory',
  maintenance: 'Planned maintenance',
  incident: 'Incident',
};

export interface AlertEmail {
  kind: AlertKind;
  title: string;
  /** Markdown, quoted as it was written: an email client is no place to render it. */
  body: string;
  /** Whether it reaches the contact whatever their email preferences. */
  mandatory: boolean;
  /** The alerts page of the portal the recipient uses. */
  alertsUrl: string;
}

/**
 * An alert staff published, to every contact of its audience. One text for all of them (the outbox rows
 * are written by one statement), so it greets nobody by name.
 */
export const alertEmail = ({ kind, title, body, mandatory, alertsUrl }: AlertEmail): RenderedEmail =>
  renderEmail({
    subject: `[${alertKindWords[kind]}] ${title}`,
    blocks: [
      `${alertKindWords[kind]}: ${title}`,
      { quote: body },
      { lead: 'Read it in the portal:', url: alertsUrl },
      mandatory
        ? 'Security advisories are sent to everyone concerned, whatever their email preferences.'
        : 'You can turn alert emails off in your account’s email preferences.',
    ],
  });
