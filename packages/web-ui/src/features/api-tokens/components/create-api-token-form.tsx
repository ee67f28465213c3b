import {
  CreateApiTokenRequest,
  type CreatedApiToken,
  latestApiTokenExpiry,
  type Permission,
} from '@portals/domain';
import { useEffect, useId, useRef, useState } from 'react';
import { z } from 'zod';
import { Button } from '../../../components/button';
import { CopyButton } from '../../../components/copy-button';
import { FormError } from '../../../components/form-error';
import { TextField } from '../../../components/form-fields';
import { setServerFieldErrors, useZodForm } from '../../../components/use-zod-form';
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

/**
 * The API's name and scopes rules; the expiry is picked as a day in the reader's zone, between
 * `earliest` and `latest`, and becomes the API's `expiresAt` on sending.
 */
const createApiTokenForm = (earliest: string, latest: string) =>
  CreateApiTokenRequest.pick({ name: true, scopes: true }).extend({
    expiresOn: z.iso.date().refine((day) => day >= earliest && day <= latest),
  });

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
        <Button onClick={onDone}>Done</Button>
      </div>
    </section>
  );
}

/** Names a token, when it expires and what it may do (some of `permissions`, the person's own). */
export function CreateApiTokenForm({ permissions }: { permissions: readonly Permission[] }) {
  const scopesId = useId();
  const create = useCreateApiToken();
  // Computed once per form, so the limits do not move while someone types.
  const [today] = useState(() => new Date());
  const earliest = localIsoDate(daysFrom(today, 1));
  const latest = localIsoDate(latestApiTokenExpiry(today));
  const [schema] = useState(() => createApiTokenForm(earliest, latest));
  const form = useZodForm(
    schema,
    { name: '', expiresOn: localIsoDate(daysFrom(today, defaultLifetimeDays)), scopes: [] },
    {
      messages: {
        name: 'Enter a name, to recognise the token later.',
        expiresOn: 'Choose a date from tomorrow to a year from now.',
        scopes: 'Choose at least one thing the token may do.',
      },
    },
  );

  if (create.isSuccess) return <CreatedToken created={create.data} onDone={() => create.reset()} />;
  if (permissions.length === 0) {
    return <p>Your account has no permissions a token could carry, so you cannot create one.</p>;
  }

  const handleSubmit = form.handleSubmit(({ name, expiresOn, scopes }) =>
    create.mutate(
      // In the order the person sees them, whatever order they were ticked in.
      {
        name,
        expiresAt: expiresAtFor(expiresOn, new Date()),
        scopes: permissions.filter((p) => scopes.includes(p)),
      },
      // The API's `expiresAt` is the day the person picked.
      { onError: (error) => setServerFieldErrors(form, error, { renamed: { expiresAt: 'expiresOn' } }) },
    ),
  );

  const scopeErrors = form.formState.errors.scopes;
  const scopesError =
    [scopeErrors?.message, ...(Array.isArray(scopeErrors) ? scopeErrors.map((item) => item?.message) : [])]
      .filter(Boolean)
      .join('; ') || undefined;
  return (
    <>
      {create.isError ? <FormError error={create.error} /> : null}
      <form className="form" noValidate onSubmit={handleSubmit}>
        <TextField
          control={form.control}
          name="name"
          label="Name"
          maxLength={100}
          autoComplete="off"
          required
          hint="What will use it, so you recognise it later: “Nagios ticket bridge”."
        />
        <TextField
          control={form.control}
          name="expiresOn"
          label="Expires on"
          type="date"
          required
          min={earliest}
          max={latest}
          hint="At most a year from now. It stops working at the end of that day."
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
              <input type="checkbox" value={permission} {...form.register('scopes')} />
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
        <Button type="submit" busy={create.isPending} busyLabel="Creating…">
          Create the token
        </Button>
      </form>
    </>
  );
}
