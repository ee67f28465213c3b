import { isApiError } from '@portals/api-client';
import {
  type OrderFormRequest,
  type OrganizationKind,
  organizationKinds,
  type PartnerLevel,
  partnerLevels,
  type SubscriptionTier,
  subscriptionTiers,
} from '@portals/domain';
import { FormError, formValue, SelectField, TextField, tierLabels } from '@portals/web-ui';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { type ProcessedOrderForm, useProcessOrderForm } from '../api/process-order-form';
import { organizationKindLabels, partnerLevelLabels } from './order-form-labels';

/** Every field of the form, by the API's path for it (`body.` + this). */
const fieldLabels = {
  number: 'Order Form number',
  'organization.name': 'Organization name',
  'organization.kind': 'Organization kind',
  'organization.partnerLevel': 'Partner level',
  'organization.registeringPartnerId': 'Registering partner id',
  'subscription.tier': 'Tier',
  'subscription.servers': 'Servers',
  'subscription.termStart': 'Term start',
  'subscription.termEnd': 'Term end',
  'subscription.currency': 'Currency',
  'mainContact.name': 'Main contact name',
  'mainContact.email': 'Main contact email',
  'mainContact.phone': 'Main contact phone',
  'administrativeContact.name': 'Administrative contact name',
  'administrativeContact.email': 'Administrative contact email',
  'administrativeContact.phone': 'Administrative contact phone',
} as const;
type FieldName = keyof typeof fieldLabels;
type FieldErrors = Partial<Record<FieldName, string>>;

const fieldNames = Object.keys(fieldLabels) as FieldName[];
const isFieldName = (name: string): name is FieldName => name in fieldLabels;

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** The request from the form's values, with what was left empty left out, and the cheap checks. */
const readForm = (form: FormData): { request: OrderFormRequest; errors: FieldErrors } => {
  const text = (name: FieldName) => formValue(form, name).trim();
  const optional = (name: FieldName) => text(name) || undefined;
  const errors: FieldErrors = {};
  const require = (name: FieldName, message = 'is required') => {
    if (!text(name)) errors[name] = message;
  };

  const kind = text('organization.kind') as OrganizationKind;
  const serversText = text('subscription.servers');
  const servers = Number(serversText);
  const termStart = text('subscription.termStart');
  const termEnd = text('subscription.termEnd');
  const currency = text('subscription.currency').toUpperCase();
  const administrativeGiven = ['name', 'email', 'phone'].some((part) =>
    text(`administrativeContact.${part}` as FieldName),
  );

  require('number');
  require('organization.name');
  if (kind === 'partner') require('organization.partnerLevel', 'is required for a partner');
  if (!Number.isInteger(servers) || servers < 1 || serversText === '') {
    errors['subscription.servers'] = 'must be a whole number of 1 or more';
  }
  if (!isoDate.test(termStart)) errors['subscription.termStart'] = 'is required';
  if (!isoDate.test(termEnd)) errors['subscription.termEnd'] = 'is required';
  else if (isoDate.test(termStart) && termEnd <= termStart) {
    errors['subscription.termEnd'] = 'must be after the term start';
  }
  if (!/^[A-Z]{3}$/.test(currency)) {
    errors['subscription.currency'] = 'must be an ISO 4217 code such as EUR or USD';
  }
  require('mainContact.name');
  require('mainContact.email');
  if (administrativeGiven) {
    require('administrativeContact.name', 'is required when there is an administrative contact');
    require('administrativeContact.email', 'is required when there is an administrative contact');
  }

  const phone = (name: FieldName) => (optional(name) ? { phone: text(name) } : {});
  const request: OrderFormRequest = {
    number: text('number'),
    organization: {
      name: text('organization.name'),
      kind,
      ...(kind === 'partner' ? { partnerLevel: text('organization.partnerLevel') as PartnerLevel } : {}),
      ...(kind === 'customer' && optional('organization.registeringPartnerId')
        ? { registeringPartnerId: text('organization.registeringPartnerId') }
        : {}),
    },
    subscription: {
      tier: text('subscription.tier') as SubscriptionTier,
      servers,
      termStart,
      termEnd,
      currency,
    },
    mainContact: {
      name: text('mainContact.name'),
      email: text('mainContact.email'),
      ...phone('mainContact.phone'),
    },
    ...(administrativeGiven
      ? {
          administrativeContact: {
            name: text('administrativeContact.name'),
            email: text('administrativeContact.email'),
            ...phone('administrativeContact.phone'),
          },
        }
      : {}),
  };
  return { request, errors };
};

/** What the API said is wrong with each field (`body.subscription.termEnd` → `subscription.termEnd`). */
const apiFieldErrors = (error: unknown): { fields: FieldErrors; others: string[] } => {
  const fields: FieldErrors = {};
  const others: string[] = [];
  if (!isApiError(error)) return { fields, others };
  for (const { path, message } of error.fieldErrors) {
    const name = path.replace(/^body\.?/, '');
    if (isFieldName(name)) fields[name] = fields[name] ? `${fields[name]}; ${message}` : message;
    else others.push(name ? `${name}: ${message}` : message);
  }
  return { fields, others };
};

function Confirmation({
  processed,
  request,
  onDone,
}: {
  processed: ProcessedOrderForm;
  request: OrderFormRequest;
  onDone: () => void;
}) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const recipients = [
    request.mainContact,
    ...(request.administrativeContact ? [request.administrativeContact] : []),
  ]
    .map((person) => `${person.name} <${person.email}>`)
    .join(' and ');
  return (
    <section className="notice" aria-labelledby={headingId}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        {processed.alreadyProcessed
          ? `Order Form ${processed.result.number} was already processed`
          : `Order Form ${processed.result.number} processed`}
      </h2>
      {processed.alreadyProcessed ? (
        <p>
          Order Form {processed.result.number} was already processed with these same details — nothing was
          created twice and no email was sent again.
        </p>
      ) : (
        <p>
          Order Form {processed.result.number} processed: organization “{request.organization.name}” created
          with its {tierLabels[request.subscription.tier]} subscription, welcome emails sent to {recipients}.
        </p>
      )}
      <div className="actions">
        <button className="button" type="button" onClick={onDone}>
          Process another Order Form
        </button>
      </div>
    </section>
  );
}

/** What staff transcribe from a signed Order Form; the API checks it all again and decides. */
export function ProcessOrderFormForm() {
  const process = useProcessOrderForm();
  const [checkErrors, setCheckErrors] = useState<FieldErrors>({});
  const [kind, setKind] = useState<OrganizationKind>('customer');
  const summaryRef = useRef<HTMLDivElement>(null);
  const hasCheckErrors = Object.keys(checkErrors).length > 0;

  useEffect(() => {
    if (process.isError || hasCheckErrors) summaryRef.current?.focus();
  }, [process.isError, hasCheckErrors]);

  if (process.isSuccess) {
    return (
      <Confirmation processed={process.data} request={process.variables} onDone={() => process.reset()} />
    );
  }

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const { request, errors } = readForm(new FormData(event.currentTarget));
    setCheckErrors(errors);
    if (Object.keys(errors).length > 0) {
      process.reset();
      return;
    }
    process.mutate(request);
  };

  const api = apiFieldErrors(process.error);
  const errorOf = (name: FieldName) => checkErrors[name] ?? api.fields[name];
  const listed = fieldNames.flatMap((name) => {
    const message = errorOf(name);
    return message ? [`${fieldLabels[name]} ${message}`] : [];
  });
  const field = (name: FieldName) => ({ name, label: fieldLabels[name], error: errorOf(name) });

  return (
    <>
      <div ref={summaryRef} tabIndex={-1}>
        {hasCheckErrors ? (
          <div className="alert" role="alert">
            <p className="alert-summary">Check the highlighted fields.</p>
            <ul>
              {listed.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          </div>
        ) : process.isError ? (
          <FormError error={process.error}>
            {listed.length + api.others.length > 0 ? (
              <ul>
                {[...listed, ...api.others].map((message) => (
                  <li key={message}>{message}</li>
                ))}
              </ul>
            ) : null}
          </FormError>
        ) : null}
      </div>
      <form className="form" noValidate onSubmit={handleSubmit} aria-label="Order Form">
        <div className="form-grid">
          <TextField
            {...field('number')}
            required
            autoComplete="off"
            hint="As printed on the signed form: OF-2026-0042."
          />
        </div>

        <fieldset className="form-section">
          <legend>Organization</legend>
          <div className="form-grid">
            <TextField {...field('organization.name')} required autoComplete="off" />
            <SelectField
              {...field('organization.kind')}
              value={kind}
              onChange={(event) => setKind(event.currentTarget.value as OrganizationKind)}
              options={organizationKinds.map((value) => ({ value, label: organizationKindLabels[value] }))}
            />
            {kind === 'partner' ? (
              <SelectField
                {...field('organization.partnerLevel')}
                defaultValue=""
                options={[
                  { value: '', label: 'Choose a level…' },
                  ...partnerLevels.map((value) => ({ value, label: partnerLevelLabels[value] })),
                ]}
              />
            ) : (
              <TextField
                {...field('organization.registeringPartnerId')}
                autoComplete="off"
                hint="Optional: the partner organization that registered this end user."
              />
            )}
          </div>
        </fieldset>

        <fieldset className="form-section">
          <legend>Subscription</legend>
          <div className="form-grid">
            <SelectField
              {...field('subscription.tier')}
              defaultValue="basic"
              options={subscriptionTiers.map((value) => ({ value, label: tierLabels[value] }))}
            />
            <TextField
              {...field('subscription.servers')}
              type="number"
              min={1}
              step={1}
              required
              inputMode="numeric"
            />
            <TextField {...field('subscription.termStart')} type="date" required />
            <TextField {...field('subscription.termEnd')} type="date" required />
            <TextField
              {...field('subscription.currency')}
              defaultValue="EUR"
              maxLength={3}
              required
              autoComplete="off"
              hint="ISO 4217 code: EUR, USD…"
            />
          </div>
        </fieldset>

        <fieldset className="form-section">
          <legend>Main contact</legend>
          <p className="field-hint">
            Gets the Welcome email and the Support Welcome email, each with a set-your-password link.
          </p>
          <div className="form-grid">
            <TextField {...field('mainContact.name')} required autoComplete="off" />
            <TextField {...field('mainContact.email')} type="email" required autoComplete="off" />
            <TextField {...field('mainContact.phone')} type="tel" autoComplete="off" hint="Optional." />
          </div>
        </fieldset>

        <fieldset className="form-section">
          <legend>Administrative contact (optional)</legend>
          <p className="field-hint">
            Gets the Welcome email for the Subscriber Portal. Leave empty when there is none.
          </p>
          <div className="form-grid">
            <TextField {...field('administrativeContact.name')} autoComplete="off" />
            <TextField {...field('administrativeContact.email')} type="email" autoComplete="off" />
            <TextField
              {...field('administrativeContact.phone')}
              type="tel"
              autoComplete="off"
              hint="Optional."
            />
          </div>
        </fieldset>

        <button className="button" type="submit" disabled={process.isPending}>
          {process.isPending ? 'Processing…' : 'Process the Order Form'}
        </button>
      </form>
    </>
  );
}
