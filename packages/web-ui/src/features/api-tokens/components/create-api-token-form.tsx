import { isApiError } from '@portals/api-client';
import { type CreatedApiToken, latestApiTokenExpiry, type Permission } from '@portals/domain';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { CopyButton } from '../../../components/copy-button';
import { FormError } from '../../../components/form-error';
import { TextField } from '../../../components/text-field';
import { formValue } from '../../../lib/form-value';
import { permissionLabels } from '../../../lib/permission-labels';
import { useCreateApiToken } from '../api/create-api-token';

const defaultLifetimeDays = 90;

/** `2026-05-01` for the day `date` falls on in the reader's zone, as `<input type="date">` takes it. */
const localIsoDate = (date: Date): string =>
  [date.getFullYear(), date.getMonth() + 1, date.getDate()]
    .map((part, index) => String(part).padStart(index === 0 ? 4 : 2, '0'))
    .join('-');

const daysFrom = (date: Date, days: number): Date => {
  const later = new Date(date);
  later.setDate(later.getDate() + days);
  return later;
};

/**
 * The moment a token chosen to expire on `isoDate` stops: the end of that day in the reader's zone,
 * or, when that is later, a minute before the API's limit of a year (so the request is not refused
 * for arriving late).
 */
const expiresAtFor = (isoDate: string, now: Date): string => {
  const [year = 0, month = 1, day = 1] = isoDate.split('-').map(Number);
  const endOfDay = new Date(year, month - 1, day, 23, 59, 59);
  const latest = latestApiTokenExpiry(now).getTime() - 60_000;
  return new Date(Math.min(endOfDay.getTime(), latest)).toISOString();
};

interface CheckErrors {
  name?: string;
  expiresOn?: string;
  scopes?: string;
}

/** The new token's secret, shown this once. */
function CreatedToken({ created, onDone }: { created: CreatedApiToken; onDone: () => void }) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <section className="notice" aria-labelledby={headingId}>
      <h3 id={headingId} ref={headingRef} tabIndex={-1}>
        Copy the token “{created.apiToken.name}” now
      </h3>
      <p>
        <strong>This is the only time it is shown.</strong> Store it in the system that will use it. If it is
        lost, revoke it and create another.
      </p>
      <p>
        Token: <code className="secret">{created.token}</code>
      </p>
      <div className="actions">
        <CopyButton text={created.token} label="Copy the token" />
        <button className="button" type="button" onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  );
}

/** Names a token, when it expires and what it may do (some of `permissions`, the person's own). */
export function CreateApiTokenForm({ permissions }: { permissions: readonly Permission[] }) {
  const scopesId = useId();
  const create = useCreateApiToken();
  const [checkErrors, setCheckErrors] = useState<CheckErrors>({});
  // Computed once per form, so the limits do not move while someone types.
  const [today] = useState(() => new Date());
  const earliest = localIsoDate(daysFrom(today, 1));
  const latest = localIsoDate(latestApiTokenExpiry(today));

  if (create.isSuccess) return <CreatedToken created={create.data} onDone={() => create.reset()} />;
  if (permissions.length === 0) {
    return <p>Your account has no permissions a token could carry, so you cannot create one.</p>;
  }

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = formValue(form, 'name').trim();
    const expiresOn = formValue(form, 'expiresOn');
    const scopes = permissions.filter((permission) => form.getAll('scopes').includes(permission));
    const validDate = /^\d{4}-\d{2}-\d{2}$/.test(expiresOn) && expiresOn >= earliest && expiresOn <= latest;
    const errors: CheckErrors = {
      ...(name ? {} : { name: 'Enter a name, to recognise the token later.' }),
      ...(validDate ? {} : { expiresOn: 'Choose a date from tomorrow to a year from now.' }),
      ...(scopes.length > 0 ? {} : { scopes: 'Choose at least one thing the token may do.' }),
    };
    setCheckErrors(errors);
    if (errors.name || errors.expiresOn || errors.scopes) return;
    create.mutate({ name, expiresAt: expiresAtFor(expiresOn, new Date()), scopes });
  };

  const apiError = isApiError(create.error) ? create.error : null;
  const scopesError =
    checkErrors.scopes ??
    apiError?.fieldErrors
      .filter(({ path }) => path === 'body.scopes' || path.startsWith('body.scopes.'))
      .map(({ message }) => message)
      .join('; ');
  return (
    <>
      {create.isError ? <FormError error={create.error} /> : null}
      <form className="form" noValidate onSubmit={handleSubmit}>
        <TextField
          label="Name"
          name="name"
          maxLength={100}
          autoComplete="off"
          required
          hint="What will use it, so you recognise it later: “Nagios ticket bridge”."
          error={checkErrors.name ?? apiError?.fieldError('body.name')}
        />
        <TextField
          label="Expires on"
          name="expiresOn"
          type="date"
          required
          min={earliest}
          max={latest}
          defaultValue={localIsoDate(daysFrom(today, defaultLifetimeDays))}
          hint="At most a year from now. It stops working at the end of that day."
          error={checkErrors.expiresOn ?? apiError?.fieldError('body.expiresAt')}
        />
        <fieldset
          className="field checkboxes"
          aria-describedby={`${scopesId}-hint${scopesError ? ` ${scopesId}-error` : ''}`}
        >
          <legend>What it may do</legend>
          <p className="field-hint" id={`${scopesId}-hint`}>
            Only what you may do yourself. Choose the least the system needs.
          </p>
          {permissions.map((permission) => (
            <label key={permission} className="checkbox">
              <input type="checkbox" name="scopes" value={permission} />
              <span>
                {permissionLabels[permission]} <code className="muted">{permission}</code>
              </span>
            </label>
          ))}
          {scopesError ? (
            <p className="field-error" id={`${scopesId}-error`}>
              {scopesError}
            </p>
          ) : null}
        </fieldset>
        <button className="button" type="submit" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create the token'}
        </button>
      </form>
    </>
  );
}
