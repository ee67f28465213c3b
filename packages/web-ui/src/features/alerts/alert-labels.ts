import type { AlertKind } from '@portals/domain';

/** How an alert's kind is named on screen; a new kind fails to compile until it has a label. */
export const alertKindLabels: Record<AlertKind, string> = {
  security_advisory: 'Security advisory',
  maintenance: 'Planned maintenance',
  incident: 'Incident',
};
