import {
  type Currency,
  higherPartnerLevels,
  type PartnerLevel,
  priceLists,
  RegisterEndUserRequest,
  RequestPartnerLevelUpgradeRequest,
  SubscriptionTier,
} from '@portals/domain';
import {
  Button,
  blankAsMissing,
  Dialog,
  FormError,
  SelectField,
  setServerFieldErrors,
  TextAreaField,
  TextField,
  tierLabels,
  useCan,
  useToast,
  useZodForm,
} from '@portals/web-ui';
import { useState } from 'react';
import { z } from 'zod';
import { useRegisterEndUser, useRequestPartnerLevelUpgrade } from '../api/create-partner-requests';
import { useOwnOrganization } from '../api/get-own-organization';

const partnerLevelLabels: Record<PartnerLevel, string> = {
  registered: 'Registered',
  silver: 'Silver',
  gold: 'Gold',
  platinum: 'Platinum',
};

// The currencies the vendor's price list prices: what a registered subscription may be held in.
const pricedCurrencies = Object.keys(priceLists) as Currency[];

const RegistrationForm = z.object({
  organizationName: RegisterEndUserRequest.shape.organizationName,
  mainContact: RegisterEndUserRequest.shape.mainContact,
  tier: RegisterEndUserRequest.shape.tier,
  servers: z
    .string()
    .trim()
    .regex(/^[0-9]+$/, 'Enter a whole number of servers')
    .transform(Number)
    .pipe(RegisterEndUserRequest.shape.servers),
  currency: RegisterEndUserRequest.shape.currency,
  note: blankAsMissing(RegisterEndUserRequest.shape.note),
});

const UpgradeForm = RequestPartnerLevelUpgradeRequest;

const sentMessage =
  'Your request was sent. Staff will review it; you will be told of their decision by email and on the Change requests page.';

function Actions({ busy, onDone, label }: { busy: boolean; onDone: () => void; label: string }) {
  return (
    <div className="actions">
      <Button type="submit" busy={busy} busyLabel="Sending…">
        {label}
      </Button>
      <Button variant="secondary" onClick={onDone}>
        Cancel
      </Button>
    </div>
  );
}

function RegisterEndUserForm({ onDone }: { onDone: () => void }) {
  const request = useRegisterEndUser();
  const { showToast } = useToast();
  const form = useZodForm(
    RegistrationForm,
    {
      organizationName: '',
      mainContact: { name: '', email: '' },
      tier: '' as never,
      servers: '',
      currency: 'EUR',
      note: '',
    },
    { messages: { tier: 'Choose the tier.' } },
  );
  const handleSubmit = form.handleSubmit(({ organizationName, mainContact, tier, servers, currency, note }) =>
    request.mutate(
      {
        organizationName,
        mainContact,
        tier,
        servers,
        currency,
        ...(note ? { note } : {}),
      },
      {
        onSuccess: () => {
          showToast(sentMessage);
          onDone();
        },
        onError: (error) => setServerFieldErrors(form, error),
      },
    ),
  );
  return (
    <>
      <p>
        Once approved, the end-user organization is created as yours, with a subscription for a year from the
        approval, and its main contact receives the Welcome emails to set a password.
      </p>
      {request.isError ? <FormError error={request.error} /> : null}
      <form className="form" noValidate onSubmit={handleSubmit}>
        <TextField
          control={form.control}
          name="organizationName"
          label="End-user organization"
          autoComplete="organization"
          maxLength={200}
          required
        />
        <TextField
          control={form.control}
          name="mainContact.name"
          label="Main contact's name"
          autoComplete="off"
          maxLength={200}
          required
        />
        <TextField
          control={form.control}
          name="mainContact.email"
          label="Main contact's email"
          type="email"
          autoComplete="off"
          maxLength={254}
          required
        />
        <SelectField
          control={form.control}
          name="tier"
          label="Tier"
          options={[
            { value: '', label: 'Choose a tier' },
            ...SubscriptionTier.options.map((tier) => ({ value: tier, label: tierLabels[tier] })),
          ]}
        />
        <TextField
          control={form.control}
          name="servers"
          label="Servers"
          inputMode="numeric"
          autoComplete="off"
          required
        />
        <SelectField
          control={form.control}
          name="currency"
          label="Currency"
          options={pricedCurrencies.map((currency) => ({ value: currency, label: currency }))}
        />
        <TextAreaField
          control={form.control}
          name="note"
          label="Note for the vendor (optional)"
          maxLength={2000}
          rows={3}
        />
        <Actions busy={request.isPending} onDone={onDone} label="Send the registration" />
      </form>
    </>
  );
}

function PartnerLevelUpgradeForm({ current, onDone }: { current: PartnerLevel; onDone: () => void }) {
  const request = useRequestPartnerLevelUpgrade();
  const { showToast } = useToast();
  const higher = higherPartnerLevels(current);
  const form = useZodForm(
    UpgradeForm,
    { partnerLevel: (higher.length === 1 ? higher[0] : '') as never, justification: '' },
    { messages: { partnerLevel: 'Choose the level.' } },
  );
  const handleSubmit = form.handleSubmit((body) =>
    request.mutate(body, {
      onSuccess: () => {
        showToast(sentMessage);
        onDone();
      },
      onError: (error) => setServerFieldErrors(form, error),
    }),
  );
  return (
    <>
      <p>
        Your organization is a {partnerLevelLabels[current]} partner. Once approved, the new level applies at
        once.
      </p>
      {request.isError ? <FormError error={request.error} /> : null}
      <form className="form" noValidate onSubmit={handleSubmit}>
        <SelectField
          control={form.control}
          name="partnerLevel"
          label="Level wanted"
          options={[
            ...(higher.length === 1 ? [] : [{ value: '', label: 'Choose a level' }]),
            ...higher.map((level) => ({ value: level, label: partnerLevelLabels[level] })),
          ]}
        />
        <TextAreaField
          control={form.control}
          name="justification"
          label="Justification"
          hint="What qualifies your organization: certifications, end users, sales."
          maxLength={2000}
          rows={4}
          required
        />
        <Actions busy={request.isPending} onDone={onDone} label="Request the upgrade" />
      </form>
    </>
  );
}

type Open = 'registration' | 'upgrade' | null;

const titles: Record<Exclude<Open, null>, string> = {
  registration: 'Register an end user',
  upgrade: 'Request a partner level upgrade',
};

/** A partner's requests to the vendor: register an end user, ask for a higher partner level. */
export function PartnerRequests() {
  const can = useCan();
  const organization = useOwnOrganization();
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  const level = organization.data?.partnerLevel ?? null;
  if (organization.data?.kind !== 'partner' || !level) return null;
  const mayRegister = can('end_user:register:org');
  const mayUpgrade = can('partner_level:request:org') && higherPartnerLevels(level).length > 0;
  if (!mayRegister && !mayUpgrade) return null;
  return (
    <section className="card" aria-labelledby="partner-requests-heading">
      <h2 id="partner-requests-heading">Partner requests</h2>
      <p className="muted">
        Staff review each request; follow it and their decision on the Change requests page.
      </p>
      <div className="actions">
        {mayRegister ? <Button onClick={() => setOpen('registration')}>{titles.registration}</Button> : null}
        {mayUpgrade ? (
          <Button variant="secondary" onClick={() => setOpen('upgrade')}>
            {titles.upgrade}
          </Button>
        ) : null}
      </div>
      <Dialog open={open !== null} title={open ? titles[open] : ''} onClose={close}>
        {open === 'registration' ? <RegisterEndUserForm onDone={close} /> : null}
        {open === 'upgrade' ? <PartnerLevelUpgradeForm current={level} onDone={close} /> : null}
      </Dialog>
    </section>
  );
}
