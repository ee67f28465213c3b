import type { OverviewLink, PortalId } from '@portals/domain';
import { type ReactNode, useId } from 'react';
import { Link } from 'react-router-dom';
import { usePortalIdentity, usePortalUrls } from '../../../components/app-providers';
import '../overview.css';

/** A figure as shown: its count, with a "+" when the API stopped counting at its cap. */
export const amountOf = (figure: { count: number; capped: boolean }): string =>
  figure.capped ? `${figure.count}+` : String(figure.count);

/** "1 open ticket", "3 open tickets", "999+ open tickets". */
export const countedOf = (figure: { count: number; capped: boolean }, one: string, many: string): string =>
  `${amountOf(figure)} ${figure.count === 1 && !figure.capped ? one : many}`;

/**
 * A link to the page a figure names: in this portal through the router; in the other one by its address
 * (the configuration's `portalUrls`: beside this portal, or its dev server), where the same sign-in holds.
 */
export function OverviewLinkTo({ link, children }: { link: OverviewLink; children: ReactNode }) {
  const { id } = usePortalIdentity();
  const portalUrls = usePortalUrls();
  if (link.portal === null || link.portal === id) return <Link to={link.path}>{children}</Link>;
  return <a href={`${portalUrls[link.portal]}${link.path}`}>{children}</a>;
}

export interface OverviewCard {
  key: string;
  heading: string;
  /** The portal whose pages the card's links open (null: both have them): this portal's come first. */
  portal: PortalId | null;
  content: ReactNode;
}

/**
 * An overview's cards, each a region named by its heading: those acted on in the portal at hand first,
 * then those of the other portal, each group in the order given.
 */
export function OverviewCards({ cards }: { cards: readonly OverviewCard[] }) {
  const { id } = usePortalIdentity();
  const here = (card: OverviewCard) => card.portal === null || card.portal === id;
  const ordered = [...cards.filter(here), ...cards.filter((card) => !here(card))];
  return (
    <div className="overview-cards">
      {ordered.map((card) => (
        <OverviewCardSection key={card.key} heading={card.heading}>
          {card.content}
        </OverviewCardSection>
      ))}
    </div>
  );
}

function OverviewCardSection({ heading, children }: { heading: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h3 id={headingId}>{heading}</h3>
      {children}
    </section>
  );
}
