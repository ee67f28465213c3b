import { CreateChangeRequestRequest, type Subscription, SubscriptionTier } from '@portals/domain';
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
  useProducts,
  useSubscriptions,
  useToast,
  useZodForm,
} from '@portals/web-ui';
import { useState } from 'react';
import { z } from 'zod';
import { useCreateChangeRequest } from '../api/create-change-request';

const [serversRequest, serviceRequest, tierRequest] = CreateChangeRequestRequest.options;

const note = blankAsMissing(serversRequest.shape.note);
const subscriptionId = z.uuid();

const ServersForm = z.object({
  subscriptionId,
  servers: z
    .string()
    .trim()
    .regex(/^[0-9]+$/, 'Enter a whole number of servers')
    .transform(Number)
    .pipe(serversRequest.shape.servers),
  note,
});
const ServiceForm = z.object({ subscriptionId, productId: serviceRequest.shape.productId, note });
const TierForm = z.object({ subscriptionId, tier: tierRequest.shape.tier, note });

const subscriptionLabel = (subscription: Subscription) =>
  `${tierLabels[subscription.tier]}, ${subscription.servers} server${subscription.servers === 1 ? '' : 's'}, renews ${subscription.renewalDate}`;

function SubscriptionField({
  control,
  subscriptions,
}: {
  // biome-ignore lint/suspicious/noExplicitAny: each form holds a subscriptionId; their other fields do not matter here.
  control: any;
  subscriptions: readonly Subscription[];
}) {
  return (
    <SelectField
      control={control}
      name="subscriptionId"
      label="Subscription"
      options={[
        ...(subscriptions.length === 1 ? [] : [{ value: '', label: 'Choose a subscription' }]),
        ...subscriptions.map((subscription) => ({
          value: subscription.id,
          label: subscriptionLabel(subscription),
        })),
      ]}
    />
  );
}

// biome-ignore lint/suspicious/noExplicitAny: shared by the three forms.
function NoteField({ control }: { control: any }) {
  return (
    <TextAreaField
      control={control}
      name="note"
      label="Note for the vendor (optional)"
      maxLength={2000}
      rows={3}
    />
  );
}

interface FormProps {
  subscriptions: readonly Subscription[];
  onDone: () => void;
}

const sentMessage =
  'Your request was sent. Staff will review it; you will be told of their decision by email.';

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

function AdditionalServersForm({ subscriptions, onDone }: FormProps) {
  const request = useCreateChangeRequest();
  const { showToast } = useToast();
  const form = useZodForm(
    ServersForm,
    { subscriptionId: subscriptions.length === 1 ? (subscriptions[0]?.id ?? '') : '', servers: '', note: '' },
    { messages: { subscriptionId: 'Choose the subscription.' } },
  );
  const handleSubmit = form.handleSubmit(({ subscriptionId: id, servers, note: text }) =>
    request.mutate(
      { subscriptionId: id, body: { kind: 'additional_servers', servers, ...(text ? { note: text } : {}) } },
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
        Once approved, the servers are added at once and the rest of the current term is invoiced pro rata.
      </p>
      {request.isError ? <FormError error={request.error} /> : null}
      <form className="form" noValidate onSubmit={handleSubmit}>
        <SubscriptionField control={form.control} subscriptions={subscriptions} />
        <TextField
          control={form.control}
          name="servers"
          label="Additional servers"
          inputMode="numeric"
          autoComplete="off"
          required
        />
        <NoteField control={form.control} />
        <Actions busy={request.isPending} onDone={onDone} label="Notify the servers" />
      </form>
    </>
  );
}

function AdditionalServiceForm({ subscriptions, onDone }: FormProps) {
  const request = useCreateChangeRequest();
  const products = useProducts();
  const { showToast } = useToast();
  const form = useZodForm(
    ServiceForm,
    {
      subscriptionId: subscriptions.length === 1 ? (subscriptions[0]?.id ?? '') : '',
      productId: '',
      note: '',
    },
    { messages: { subscriptionId: 'Choose the subscription.', productId: 'Choose a service.' } },
  );
  const handleSubmit = form.handleSubmit(({ subscriptionId: id, productId, note: text }) =>
    request.mutate(
      {
        subscriptionId: id,
        body: { kind: 'additional_service', productId, ...(text ? { note: text } : {}) },
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
  if (products.isPending) return <p role="status">Loading the vendor's catalogue…</p>;
  if (products.isError) return <FormError error={products.error} />;
  return (
    <>
      <p>A service of the vendor's catalogue, added to the subscription once approved.</p>
      {request.isError ? <FormError error={request.error} /> : null}
      <form className="form" noValidate onSubmit={handleSubmit}>
        <SubscriptionField control={form.control} subscriptions={subscriptions} />
        <SelectField
          control={form.control}
          name="productId"
          label="Service"
          options={[
            { value: '', label: 'Choose a service' },
            ...products.data.items.map((product) => ({ value: product.id, label: product.name })),
          ]}
        />
        <NoteField control={form.control} />
        <Actions busy={request.isPending} onDone={onDone} label="Notify the service" />
      </form>
    </>
  );
}

function TierChangeForm({ subscriptions, onDone }: FormProps) {
  const request = useCreateChangeRequest();
  const { showToast } = useToast();
  const form = useZodForm(
    TierForm,
    {
      subscriptionId: subscriptions.length === 1 ? (subscriptions[0]?.id ?? '') : '',
      tier: '' as never,
      note: '',
    },
    { messages: { subscriptionId: 'Choose the subscription.', tier: 'Choose the new tier.' } },
  );
  const handleSubmit = form.handleSubmit(({ subscriptionId: id, tier, note: text }) =>
    request.mutate(
      { subscriptionId: id, body: { kind: 'tier_change', tier, ...(text ? { note: text } : {}) } },
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
        A higher tier is invoiced pro rata for the rest of the term; your colleagues' support accounts follow
        the new tier from their next sign-in.
      </p>
      {request.isError ? <FormError error={request.error} /> : null}
      <form className="form" noValidate onSubmit={handleSubmit}>
        <SubscriptionField control={form.control} subscriptions={subscriptions} />
        <SelectField
          control={form.control}
          name="tier"
          label="New tier"
          options={[
            { value: '', label: 'Choose a tier' },
            ...SubscriptionTier.options.map((tier) => ({ value: tier, label: tierLabels[tier] })),
          ]}
        />
        <NoteField control={form.control} />
        <Actions busy={request.isPending} onDone={onDone} label="Request the tier change" />
      </form>
    </>
  );
}

type Open = 'servers' | 'service' | 'tier' | null;

const titles: Record<Exclude<Open, null>, string> = {
  servers: 'Notify additional servers',
  service: 'Notify an additional service',
  tier: 'Request a tier change',
};

/** The subscription page's forms, one per kind of change, each in its own dialog. */
export function NotifyChange() {
  const subscriptions = useSubscriptions();
  const [open, setOpen] = useState<Open>(null);
  const active = (subscriptions.data?.pages.flatMap((page) => page.items) ?? []).filter(
    (subscription) => subscription.status === 'active',
  );
  const close = () => setOpen(null);
  if (subscriptions.isPending || subscriptions.isError) return null;
  return (
    <section className="card" aria-labelledby="notify-change-heading">
      <h2 id="notify-change-heading">Notify a change</h2>
      {active.length === 0 ? (
        <p className="muted">Changes are notified for active subscriptions: your organization has none.</p>
      ) : (
        <>
          <p className="muted">
            Tell us what you use more of, or the tier you need. Staff review each request; once approved, the
            subscription changes and the difference is invoiced.
          </p>
          <div className="actions">
            <Button onClick={() => setOpen('servers')}>{titles.servers}</Button>
            <Button variant="secondary" onClick={() => setOpen('service')}>
              {titles.service}
            </Button>
            <Button variant="secondary" onClick={() => setOpen('tier')}>
              {titles.tier}
            </Button>
          </div>
        </>
      )}
      <Dialog open={open !== null} title={open ? titles[open] : ''} onClose={close}>
        {open === 'servers' ? <AdditionalServersForm subscriptions={active} onDone={close} /> : null}
        {open === 'service' ? <AdditionalServiceForm subscriptions={active} onDone={close} /> : null}
        {open === 'tier' ? <TierChangeForm subscriptions={active} onDone={close} /> : null}
      </Dialog>
    </section>
  );
}
