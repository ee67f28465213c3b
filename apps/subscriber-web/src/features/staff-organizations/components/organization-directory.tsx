import {
  OrganizationDirectoryKind,
  organizationDirectoryKinds,
  renewalWithinDaysMax,
  SubscriptionStatus,
  SubscriptionTier,
  subscriptionStatuses,
  subscriptionTiers,
} from '@portals/domain';
import {
  formatDate,
  subscriptionStatusLabels,
  Table,
  tableStateOf,
  tierLabels,
  useSettled,
} from '@portals/web-ui';
import { useEffect, useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { type OrganizationDirectoryFilters, useOrganizationDirectory } from '../api/search-organizations';
import { directoryKindOf, organizationDirectoryKindLabels } from './organization-labels';

/** The renewal windows offered, in days. */
const renewalWindows = [30, 60, 90, 180, 365] as const;

interface Choices {
  kind: OrganizationDirectoryKind | '';
  tier: SubscriptionTier | '';
  subscriptionStatus: SubscriptionStatus | '';
  renewalWithinDays: string;
}

/** A renewal window in the address: any the API takes (the home overview links the rest of the month). */
const renewalWindowOf = (value: string | null): string => {
  const days = Number(value);
  return value && /^\d+$/.test(value) && days <= renewalWithinDaysMax ? String(days) : '';
};

/** The filters in the page's address, so that going back from an organization finds the list as it was. */
const choicesOf = (params: URLSearchParams): Choices => ({
  kind: OrganizationDirectoryKind.safeParse(params.get('kind')).data ?? '',
  tier: SubscriptionTier.safeParse(params.get('tier')).data ?? '',
  subscriptionStatus: SubscriptionStatus.safeParse(params.get('subscriptionStatus')).data ?? '',
  renewalWithinDays: renewalWindowOf(params.get('renewalWithinDays')),
});

/** The windows offered, with the one in the address when it is not among them ("Within 12 days"). */
const renewalOptionsOf = (chosen: string) =>
  [...new Set([...renewalWindows, ...(chosen ? [Number(chosen)] : [])])]
    .sort((a, b) => a - b)
    .map((days) => ({
      value: String(days),
      label: days === 0 ? 'Today' : `Within ${days} day${days === 1 ? '' : 's'}`,
    }));

/** What the API is asked: what was typed (trimmed, at most 200 characters) and the filters chosen. */
const filtersOf = (q: string, choices: Choices): OrganizationDirectoryFilters => ({
  ...(q ? { q: q.slice(0, 200) } : {}),
  ...(choices.kind ? { kind: choices.kind } : {}),
  ...(choices.tier ? { tier: choices.tier } : {}),
  ...(choices.subscriptionStatus ? { subscriptionStatus: choices.subscriptionStatus } : {}),
  ...(choices.renewalWithinDays ? { renewalWithinDays: Number(choices.renewalWithinDays) } : {}),
});

function FilterSelect<Value extends string>({
  label,
  value,
  anyLabel,
  options,
  onChange,
}: {
  label: string;
  value: Value | '';
  anyLabel: string;
  options: readonly { value: Value; label: string }[];
  onChange: (value: Value | '') => void;
}) {
  const id = useId();
  return (
    <span>
      <label htmlFor={id}>{label}</label>{' '}
      <select id={id} value={value} onChange={(event) => onChange(event.target.value as Value | '')}>
        <option value="">{anyLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </span>
  );
}

/**
 * Staff's organization directory: search-as-you-type over names, contacts' names and emails and
 * Order Form numbers, filters by kind, tier, subscription status and coming renewals, page by page.
 */
export function OrganizationDirectory({ organizationPath }: { organizationPath: (id: string) => string }) {
  const searchId = useId();
  const hintId = useId();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(() => params.get('q') ?? '');
  const q = useSettled(text.trim());
  const choices = choicesOf(params);
  const filters = filtersOf(q, choices);
  const directory = useOrganizationDirectory(filters);
  const setParam = (key: string, value: string) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  // What was typed goes into the address once typing pauses, like the filters.
  useEffect(() => {
    if ((params.get('q') ?? '') !== q) setParam('q', q);
  });
  const choose =
    <Key extends keyof Choices>(key: Key) =>
    (value: Choices[Key]) =>
      setParam(key, value);
  const filtered = q !== '' || Object.values(choices).some((value) => value !== '');

  return (
    <div className="card">
      {/* biome-ignore lint/a11y/useSemanticElements: <search> is not yet known to every browser we serve (nor to jsdom) */}
      <div role="search" className="search">
        <label htmlFor={searchId}>Search organizations</label>
        <input
          id={searchId}
          type="search"
          value={text}
          maxLength={200}
          autoComplete="off"
          aria-describedby={hintId}
          onChange={(event) => setText(event.target.value)}
        />
      </div>
      <p className="field-hint" id={hintId}>
        A part of the organization's name, of a contact's name or email, or of an Order Form number.
      </p>
      <fieldset className="filters">
        <legend className="visually-hidden">Filters</legend>
        <FilterSelect
          label="Kind"
          anyLabel="Any kind"
          value={choices.kind}
          options={organizationDirectoryKinds.map((value) => ({
            value,
            label: organizationDirectoryKindLabels[value],
          }))}
          onChange={choose('kind')}
        />
        <FilterSelect
          label="Tier"
          anyLabel="Any tier"
          value={choices.tier}
          options={subscriptionTiers.map((value) => ({ value, label: tierLabels[value] }))}
          onChange={choose('tier')}
        />
        <FilterSelect
          label="Subscription status"
          anyLabel="Any status"
          value={choices.subscriptionStatus}
          options={subscriptionStatuses.map((value) => ({ value, label: subscriptionStatusLabels[value] }))}
          onChange={choose('subscriptionStatus')}
        />
        <FilterSelect
          label="Renewal"
          anyLabel="Any time"
          value={choices.renewalWithinDays}
          options={renewalOptionsOf(choices.renewalWithinDays)}
          onChange={choose('renewalWithinDays')}
        />
      </fieldset>
      <Table
        caption="Organizations by name"
        captionHidden
        rowKey={(organization) => organization.id}
        state={tableStateOf(directory, (data) => data.pages.flatMap((page) => page.items))}
        loadingMessage="Loading the organizations…"
        errorSummary="The organizations could not be loaded."
        empty={{
          message: filtered ? 'No organization matches this search.' : 'There are no organizations yet.',
        }}
        pages={{ query: directory, failureSummary: 'More organizations could not be loaded.' }}
        columns={[
          {
            key: 'name',
            header: 'Organization',
            rowHeader: true,
            cell: (organization) => <Link to={organizationPath(organization.id)}>{organization.name}</Link>,
          },
          {
            key: 'kind',
            header: 'Kind',
            cell: (organization) => {
              const kind = organizationDirectoryKindLabels[directoryKindOf(organization)];
              return organization.registeringPartner
                ? `${kind} of ${organization.registeringPartner.name}`
                : kind;
            },
          },
          {
            key: 'tier',
            header: 'Tier',
            cell: (organization) =>
              organization.tier ? tierLabels[organization.tier] : 'No active subscription',
          },
          {
            key: 'main-contact',
            header: 'Main contact',
            cell: (organization) =>
              organization.mainContact ? (
                <>
                  {organization.mainContact.name}
                  <br />
                  <span className="muted">{organization.mainContact.email}</span>
                </>
              ) : (
                '—'
              ),
          },
          {
            key: 'renewal',
            header: 'Next renewal',
            nowrap: true,
            cell: (organization) =>
              organization.nextRenewalDate ? (
                <time dateTime={organization.nextRenewalDate}>
                  {formatDate(organization.nextRenewalDate)}
                </time>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </div>
  );
}
