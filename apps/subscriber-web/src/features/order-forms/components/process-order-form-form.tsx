import { isApiError } from '@portals/api-client';
import { OrderFormRequest, organizationKinds, partnerLevels, subscriptionTiers } from '@portals/domain';
import {
  Button,
  FormError,
  OrganizationPicker,
  SelectField,
  setServerFieldErrors,
  TextField,
  tierLabels,
  useZodForm,
} from '@portals/web-ui';
import { useEffect, useId, useRef } from 'react';
import { z } from 'zod';
import { type ProcessedOrderForm, useProcessOrderForm } from '../api/process-order-form';
import { organizationKindLabels, partnerLevelLabels } from './order-form-labels';

/** Every field of the form, by the API's path for it (`body.` + this). */
const fieldLabels = {
  number: 'Order Form number',
  'organization.name': 'Organization name',
  'organization.kind': 'Organization kind',
  'organization.partnerLevel': 'Partner level',
  'organization.registeringPartnerId': 'Registering partner',
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

const fieldNames = Object.keys(fieldLabels) as FieldName[];
const isFieldName = (name: string): name is FieldName => name in fieldLabels;

const PersonFields = z.object({ name: z.string(), email: z.string(), phone: z.string() });

/** The form's fields as typed: text, like the inputs hold it. */
const OrderFormFields = z.object({
  number: z.string(),
  organization: z.object({
    name: z.string(),
    kind: z.enum(organizationKinds),
    partnerLevel: z.string(),
    registeringPartnerId: z.string(),
  }),
  subscription: z.object({
    tier: z.enum(subscriptionTiers),
    servers: z.string(),
    termStart: z.string(),
    termEnd: z.string(),
    currency: z.string(),
  }),
  mainContact: PersonFields,
  administrativeContact: PersonFields,
});
type OrderFormFields = z.infer<typeof OrderFormFields>;

/** Empty is not given; the API's optional fields are left out rather than sent empty. */
const given = (value: string): string | undefined => value.trim() || undefined;

const person = ({ name, email, phone }: z.infer<typeof PersonFields>) => ({
  name,
  email: email.trim(),
  ...(given(phone) ? { phone } : {}),
});

/**
 * The request from what was typed, checked by the domain's `OrderFormRequest`: the API's rules, here
 * before sending. What the person left empty is left out (an administrative contact with no field filled in).
 */
const OrderFormForm = OrderFormFields.transform(
  ({
    number,
    organization,
    subscription,
    mainContact,
    administrativeContact,
  }): z.input<typeof OrderFormRequest> => ({
    number,
    organization: {
      name: organization.name,
      kind: organization.kind,
      ...(organization.kind === 'partner'
        ? {
            partnerLevel: organization.partnerLevel as z.input<
              typeof OrderFormRequest
            >['organization']['partnerLevel'],
          }
        : {}),
      ...(organization.kind === 'customer' && given(organization.registeringPartnerId)
        ? { registeringPartnerId: organization.registeringPartnerId.trim() }
        : {}),
    },
    subscription: {
      tier: subscription.tier,
      servers: given(subscription.servers) ? Number(subscription.servers) : Number.NaN,
      termStart: subscription.termStart,
      termEnd: subscription.termEnd,
      currency: subscription.currency.trim().toUpperCase(),
    },
    mainContact: person(mainContact),
    ...([administrativeContact.name, administrativeContact.email, administrativeContact.phone].some(given)
      ? { administrativeContact: person(administrativeContact) }
      : {}),
  }),
).pipe(OrderFormRequest);

const defaultValues: OrderFormFields = {
  number: '',
  organization: { name: '', kind: 'customer', partnerLevel: '', registeringPartnerId: '' },
  subscription: { tier: 'basic', servers: '', termStart: '', termEnd: '', currency: 'EUR' },
  mainContact: { name: '', email: '', phone: '' },
  administrativeContact: { name: '', email: '', phone: '' },
};

/** The page's words where the schema's are written for programmers. */
const messages = {
  'organization.partnerLevel': (value: unknown) => (value ? undefined : 'is required for a partner'),
  'subscription.servers': 'must be a whole number of 1 or more',
  'subscription.termStart': 'is required',
  'subscription.termEnd': (value: unknown) => (value ? undefined : 'is required'),
  'mainContact.email': (value: unknown) => (value ? 'must be a valid email address' : 'is required'),
  'administrativeContact.email': (value: unknown) =>
    value ? undefined : 'is required when there is an administrative contact',
  'administrativeContact.name': 'is required when there is an administrative contact',
} as const;

function Confirmation({
  processed,
  request,
  onDone,
}: {
  processed: ProcessedOrderForm;
  request: z.output<typeof OrderFormRequest>;
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
        <Button onClick={onDone}>Process another Order Form</Button>
      </div>
    </section>
  );
}

/** What staff transcribe from a signed Order Form; the API checks it all again and decides. */
export function ProcessOrderFormForm() {
  const process = useProcessOrderForm();
  const form = useZodForm(OrderFormForm, defaultValues, { messages });
  const kind = form.watch('organization.kind');
  const registeringPartnerId = form.watch('organization.registeringPartnerId');
  const summaryRef = useRef<HTMLDivElement>(null);
  const errors = form.formState.errors;

  // The API's refusal is about the whole form: its summary is read first. The schema's errors move
  // focus to the first field instead.
  useEffect(() => {
    if (process.isError) summaryRef.current?.focus();
  }, [process.isError]);

  if (process.isSuccess) {
    return (
      <Confirmation
        processed={process.data}
        request={process.variables}
        onDone={() => {
          process.reset();
          form.reset();
        }}
      />
    );
  }

  const handleSubmit = form.handleSubmit(
    (request) => process.mutate(request, { onError: (error) => setServerFieldErrors(form, error) }),
    () => process.reset(),
  );

  const errorOf = (name: FieldName): string | undefined => {
    const [group, field] = name.split('.') as [keyof OrderFormFields, string | undefined];
    const error = field
      ? (errors[group] as Record<string, { message?: string }> | undefined)?.[field]
      : errors[group];
    return (error as { message?: string } | undefined)?.message;
  };
  const listed = fieldNames.flatMap((name) => {
    const message = errorOf(name);
    return message ? [`${fieldLabels[name]} ${message}`] : [];
  });
  const others = isApiError(process.error)
    ? process.error.fieldErrors.flatMap(({ path, message }) => {
        const name = path.replace(/^body\.?/, '');
        return isFieldName(name) ? [] : [name ? `${name}: ${message}` : message];
      })
    : [];
  const field = (name: FieldName) => ({ control: form.control, name, label: fieldLabels[name] });

  return (
    <>
      <div ref={summaryRef} tabIndex={-1}>
        {process.isError ? (
          <FormError error={process.error}>
            {listed.length + others.length > 0 ? (
              <ul>
                {[...listed, ...others].map((message) => (
                  <li key={message}>{message}</li>
                ))}
              </ul>
            ) : null}
          </FormError>
        ) : listed.length > 0 ? (
          <div className="alert" role="alert">
            <p className="alert-summary">Check the highlighted fields.</p>
            <ul>
              {listed.map((message) => (
                <li key={message}>{message}</li>
              ))}
            </ul>
          </div>
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
              options={organizationKinds.map((value) => ({ value, label: organizationKindLabels[value] }))}
            />
            {kind === 'partner' ? (
              <SelectField
                {...field('organization.partnerLevel')}
                options={[
                  { value: '', label: 'Choose a level…' },
                  ...partnerLevels.map((value) => ({ value, label: partnerLevelLabels[value] })),
                ]}
              />
            ) : (
              <OrganizationPicker
                label={fieldLabels['organization.registeringPartnerId']}
                hint="Optional: the partner that registered this end user. Type a part of its name and choose it."
                kind="partner"
                value={registeringPartnerId}
                error={errorOf('organization.registeringPartnerId')}
                onChange={(partner) =>
                  form.setValue('organization.registeringPartnerId', partner?.id ?? '', { shouldDirty: true })
                }
              />
            )}
          </div>
        </fieldset>

        <fieldset className="form-section">
          <legend>Subscription</legend>
          <div className="form-grid">
            <SelectField
              {...field('subscription.tier')}
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
            Gets the Welcome email with a set-your-password link for both portals, and the Support Welcome
            email pointing to the Support Portal.
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

        <Button type="submit" busy={process.isPending} busyLabel="Processing…">
          Process the Order Form
        </Button>
      </form>
    </>
  );
}
