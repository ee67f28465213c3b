import { Button, tierLabels, useSettled } from '@portals/web-ui';
import { useId, useState } from 'react';
import { usePartnerSearch } from '../api/search-partners';

export interface PartnerPickerProps {
  label: string;
  /** The chosen partner's id; empty when none is chosen. */
  value: string;
  onChange: (partnerId: string) => void;
  error?: string | undefined;
}

/**
 * Search-as-you-type over partner organizations by name; choosing one gives its id. Typing again
 * drops the choice, so what the field shows is always what will be sent.
 */
export function PartnerPicker({ label, value, onChange, error }: PartnerPickerProps) {
  const fieldId = useId();
  const resultsId = useId();
  const [text, setText] = useState('');
  const q = useSettled(text.trim());
  const searching = q !== '' && value === '';
  const search = usePartnerSearch(searching ? q : '');
  const items = searching ? (search.data?.items ?? []) : [];
  const describedBy = [`${fieldId}-hint`, error ? `${fieldId}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={fieldId}>{label}</label>
      <p className="field-hint" id={`${fieldId}-hint`}>
        Optional: the partner that registered this end user. Type a part of its name and choose it.
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
          if (value) onChange('');
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
            Chosen: <strong>{text}</strong>{' '}
            <Button
              variant="secondary"
              onClick={() => {
                setText('');
                onChange('');
              }}
            >
              Clear the partner
            </Button>
          </p>
        ) : !searching ? null : search.isError ? (
          <p className="field-error" role="alert">
            Partners could not be searched.
          </p>
        ) : search.isPending ? (
          <p className="muted">Searching…</p>
        ) : items.length === 0 ? (
          <p className="muted">No partner's name holds “{q}”.</p>
        ) : (
          <>
            <p className="muted">No partner chosen yet: choose one.</p>
            <ul aria-label="Matching partners" className="plain-list">
              {items.map((partner) => (
                <li key={partner.id}>
                  <Button
                    variant="secondary"
                    onClick={() => {
                      setText(partner.name);
                      onChange(partner.id);
                    }}
                  >
                    {partner.name}
                    {partner.tier ? ` (${tierLabels[partner.tier]})` : ''}
                  </Button>
                </li>
              ))}
            </ul>
            {search.data?.nextCursor ? (
              <p className="muted">More partners match: type more of the name.</p>
            ) : null}
          </>
        )}
      </div>
    </div>
  );
}
