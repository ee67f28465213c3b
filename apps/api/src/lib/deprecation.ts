import type { EndpointDeprecation } from '@portals/domain';

/** Where the reference page explains the deprecation policy (its description's section). */
export const deprecationPolicyUrl = '/docs#description/changes-and-deprecation';

/** How long a deprecated operation keeps answering, at least. */
export const minimumMonthsToSunset = 6;

const startOfDay = (day: string): Date => {
  const date = new Date(`${day}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(date.getTime())) {
    throw new Error(`A deprecation date must be YYYY-MM-DD, not ${day}`);
  }
  return date;
};

export interface DeprecationHeaders {
  /** RFC 9745: a structured-field date, `@` and the seconds since the epoch. */
  deprecation: string;
  /** RFC 8594: an HTTP date. */
  sunset: string;
  /** RFC 8288 links: the successor, and the policy (RFC 9745's `deprecation` relation). */
  link: string;
}

/** The headers every answer of a deprecated endpoint carries. */
export const deprecationHeadersOf = (deprecation: EndpointDeprecation): DeprecationHeaders => {
  const since = startOfDay(deprecation.since);
  const sunset = startOfDay(deprecation.sunset);
  // The policy (docs/api-changelog.md): a deprecated operation keeps answering for six months at least.
  const earliestSunset = new Date(since);
  earliestSunset.setUTCMonth(earliestSunset.getUTCMonth() + minimumMonthsToSunset);
  if (sunset < earliestSunset) {
    throw new Error(
      `The sunset ${deprecation.sunset} must be at least ${minimumMonthsToSunset} months after the deprecation ${deprecation.since}`,
    );
  }
  const links = [`<${deprecationPolicyUrl}>; rel="deprecation"; type="text/html"`];
  if (deprecation.successor) links.unshift(`<${deprecation.successor}>; rel="successor-version"`);
  return {
    deprecation: `@${Math.floor(since.getTime() / 1000)}`,
    sunset: sunset.toUTCString(),
    link: links.join(', '),
  };
};
