import type { EmailKind } from '@portals/domain';
import { useId, useState } from 'react';
import { ApiErrorMessage } from '../../../components/api-error-message';
import { FormError } from '../../../components/form-error';
import { useCan } from '../../../lib/auth';
import { emailKindLabels } from '../../../lib/email-kind-labels';
import { useEmailPreferences } from '../api/get-email-preferences';
import { useSetEmailPreference } from '../api/set-email-preference';

function EmailPreferenceList() {
  const preferences = useEmailPreferences();
  const save = useSetEmailPreference();
  const [saved, setSaved] = useState<{ kind: EmailKind; enabled: boolean } | null>(null);
  if (preferences.isPending) return <p role="status">Loading your email notifications…</p>;
  if (preferences.isError) {
    return (
      <ApiErrorMessage
        summary="Your email notifications could not be loaded."
        error={preferences.error}
        onRetry={() => {
          void preferences.refetch();
        }}
      />
    );
  }
  const items = preferences.data.items;
  if (items.length === 0) return <p>No email notifications concern your account.</p>;
  // Only what the person can change gets a checkbox; the mandatory kinds are named once, as always sent.
  const optional = items.filter((preference) => !preference.mandatory);
  const mandatory = items.filter((preference) => preference.mandatory);
  return (
    <>
      {save.isError ? <FormError error={save.error} /> : null}
      {optional.length > 0 ? (
        <fieldset className="field checkboxes" disabled={save.isPending}>
          <legend>Send me emails about</legend>
          {optional.map((preference) => (
            <label key={preference.kind} className="checkbox">
              <input
                type="checkbox"
                name="kinds"
                value={preference.kind}
                checked={preference.enabled}
                onChange={(event) => {
                  const request = { kind: preference.kind, enabled: event.currentTarget.checked };
                  setSaved(null);
                  save.mutate(request, { onSuccess: () => setSaved(request) });
                }}
              />
              <span>{emailKindLabels[preference.kind]}</span>
            </label>
          ))}
        </fieldset>
      ) : (
        <p>None of the emails that concern your role can be turned off.</p>
      )}
      {mandatory.length > 0 ? (
        <p>Always sent: {mandatory.map((preference) => emailKindLabels[preference.kind]).join(', ')}.</p>
      ) : null}
      <p role="status" className="muted">
        {save.isPending
          ? 'Saving…'
          : saved
            ? `Saved: ${emailKindLabels[saved.kind]} turned ${saved.enabled ? 'on' : 'off'}.`
            : ''}
      </p>
    </>
  );
}

/** Which optional emails the person receives; shown to those who may set their preferences. */
export function EmailPreferencesCard() {
  const headingId = useId();
  const can = useCan();
  if (!can('email_preferences:manage:own')) return null;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Email notifications</h2>
      <p>
        The emails that concern your role. Those you may turn off are listed with a checkbox; the others are
        always sent.
      </p>
      <EmailPreferenceList />
    </section>
  );
}
