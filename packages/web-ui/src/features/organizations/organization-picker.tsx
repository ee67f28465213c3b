import type { OrganizationDirectoryKind, OrganizationSummary } from '@portals/domain';
import { useId, useState } from 'react';
import { Button } from '../../components/button';
import { tierLabels } from '../../lib/tier-labels';
import { useSettled } from '../../lib/use-settled';
import { useOrganizationsByName } from './api/search-organizations';

/** What the picker calls what it offers: "partner" when it offers partners only. */
const nouns: Record<OrganizationDirectoryKind | 'any', { one: string; many: string }> = {
  any: { one: 'organization', many: 'organizations' },
  customer: { one: 'customer', many: 'customers' },
  end_user: { one: 'end user', many: 'end users' },
  partner: { one: 'partner', many: 'partners' },
};

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export interface OrganizationPickerProps {
  label: string;
  /** Under the label; by default how to use the field. */
  hint?: string | undefined;
  /** Offers organizations of this kind only (and names them so: "partner"). */
  kind?: OrganizationDirectoryKind | undefined;
  /** The chosen organization's id; empty when none is chosen. */
  value: string;
  /** The chosen organization's name when it was chosen before the picker showed (kept in the address). */
  chosenName?: string | undefined;
  /** An organization chosen, or null when the choice is dropped (typing again, or "Clear"). */
  onChange: (organization: OrganizationSummary | null) => void;
  error?: string | undefined;
}

/**
 * Staff's search-as-you-type over organizations' names (GET /v1/staff/organizations): choosing one gives
 * it to `onChange`. Typing again drops the choice, so what the field shows is always what will be used.
 */
export function OrganizationPicker({
  label,
  hint = 'Type a part of its name and choose it.',
  kind,
  value,
  chosenName = '',
  onChange,
  error,
}: OrganizationPickerProps) {
  const fieldId = useId();
  const resultsId = useId();
  const noun = nouns[kind ?? 'any'];
  const [text, setText] = useState('');
  const q = useSettled(text.trim());
  const searching = q !== '' && value === '';
  const search = useOrganizationsByName({ q: searching ? q : '', kind });
  const items = searching ? (search.data?.items ?? []) : [];
  const describedBy = [`${fieldId}-hint`, error ? `${fieldId}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={fieldId}>{label}</label>
      <p className="field-hint" id={`${fieldId}-hint`}>
        {hint}
      </p>
      <input
        id={fieldId}
        type="search"
        value={text}
        maxLength={200}
        autoComplete="off"
        aria-controls={resultsId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => {
          setText(event.target.value);
          if (value) onChange(null);
        }}
      />
      {error ? (
        <p className="field-error" id={`${fieldId}-error`}>
          {error}
        </p>
      ) : null}
      <div id={resultsId} aria-live="polite">
        {value ? (
          <p>
            Chosen: <strong>{text || chosenName}</strong>{' '}
            <Button
              variant="secondary"
              onClick={() => {
                setText('');
                onChange(null);
              }}
            >
              Clear the {noun.one}
            </Button>
          </p>
        ) : !searching ? null : search.isError ? (
          <p className="field-error" role="alert">
            {capitalized(noun.many)} could not be searched.
          </p>
        ) : search.isPending ? (
          <p className="muted">Searching…</p>
        ) : items.length === 0 ? (
          <p className="muted">
            No {noun.one}'s name holds “{q}”.
          </p>
        ) : (
          <>
            <p className="muted">No {noun.one} chosen yet: choose one.</p>
            <ul aria-label={`Matching ${noun.many}`} className="plain-list">
              {items.map((organization) => (
                <li key={organization.id}>
                  <Button
                    variant="secondary"
                    onClick={() => {
                      setText(organization.name);
                      onChange(organization);
                    }}
                  >
                    {organization.name}
                    {organization.tier ? ` (${tierLabels[organization.tier]})` : ''}
                  </Button>
                </li>
              ))}
            </ul>
            {search.data?.nextCursor ? (
              <p className="muted">More {noun.many} match: type more of the name.</p>
            ) : null}
          </>
        )}
      </div>
    </div>
  );
}
