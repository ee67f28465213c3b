import {
  AlertCreateRequest,
  type AlertKind,
  alertKinds,
  type ContactRole,
  contactRoles,
  type StaffAlert,
  type SubscriptionTier,
  subscriptionTiers,
} from '@portals/domain';
import {
  alertKindLabels,
  Button,
  FormError,
  formatInstant,
  PageTitle,
  roleLabels,
  SelectField,
  Table,
  TextAreaField,
  TextField,
  tableStateOf,
  tierLabels,
  useProducts,
  useToast,
  useZodForm,
} from '@portals/web-ui';
import { useId, useState } from 'react';
import { type Control, type FieldPath, useController } from 'react-hook-form';
import { z } from 'zod';
import { useStaffAlerts } from '../api/get-staff-alerts';
import { usePublishAlert } from '../api/publish-alert';

/** The domain's request, with the end as the local date and time a browser's picker gives ('' for none). */
const AlertForm = AlertCreateRequest.extend({ activeUntil: z.string() });
type AlertFormValues = z.input<typeof AlertForm>;

const emptyForm: AlertFormValues = {
  kind: 'maintenance',
  title: '',
  body: '',
  activeUntil: '',
  audience: { tiers: [], productIds: [], roles: [] },
};

/** Checkboxes for a list field of the form; none checked means everyone. */
function ChoiceGroup({
  control,
  name,
  legend,
  options,
}: {
  // biome-ignore lint/suspicious/noExplicitAny: the group does not care about the form's context or submitted type.
  control: Control<AlertFormValues, any, any>;
  name: FieldPath<AlertFormValues>;
  legend: string;
  options: readonly { value: string; label: string }[];
}) {
  const id = useId();
  const { field } = useController({ control, name });
  const chosen = (field.value as string[] | undefined) ?? [];
  return (
    <fieldset className="field">
      <legend>{legend}</legend>
      <p className="muted">None checked: all.</p>
      {options.map((option) => (
        <div key={option.value}>
          <input
            type="checkbox"
            id={`${id}-${option.value}`}
            checked={chosen.includes(option.value)}
            onChange={(event) =>
              field.onChange(
                event.target.checked
                  ? [...chosen, option.value]
                  : chosen.filter((value) => value !== option.value),
              )
            }
          />{' '}
          <label htmlFor={`${id}-${option.value}`}>{option.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

const audienceWords = (alert: StaffAlert, productName: (id: string) => string) => {
  const { tiers, productIds, roles } = alert.audience;
  const part = (values: readonly string[], all: string) => (values.length === 0 ? all : values.join(', '));
  return [
    part(
      tiers.map((tier: SubscriptionTier) => tierLabels[tier]),
      'Every tier',
    ),
    part(productIds.map(productName), 'every product'),
    part(
      roles.map((role: ContactRole) => roleLabels[role]),
      'every role',
    ),
  ].join(' · ');
};

/** Staff compose an alert for an audience and publish it (shown in the portals and emailed at once). */
export function StaffAlertsPage() {
  const headingId = useId();
  const products = useProducts();
  const alerts = useStaffAlerts();
  const publish = usePublishAlert();
  const { showToast } = useToast();
  // One key per alert being written: a retry after a lost answer publishes it once.
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const form = useZodForm(AlertForm, emptyForm, {
    messages: { title: 'Give the alert a title.', body: 'Say what happens and what to do.' },
  });
  const productName = (id: string) => products.data?.items.find((product) => product.id === id)?.name ?? id;

  const handleSubmit = form.handleSubmit((values) => {
    const alert = {
      ...values,
      activeUntil: values.activeUntil ? new Date(values.activeUntil).toISOString() : null,
    };
    publish.mutate(
      { alert, idempotencyKey },
      {
        onSuccess: (published) => {
          showToast(`Published “${published.title}”: ${published.emailsQueued} emails on their way.`);
          form.reset(emptyForm);
          setIdempotencyKey(crypto.randomUUID());
        },
      },
    );
  });

  return (
    <section className="page">
      <PageTitle>Alerts</PageTitle>
      <h1>Alerts</h1>
      <section aria-labelledby={headingId} className="card">
        <h2 id={headingId}>Publish an alert</h2>
        <p className="muted">
          It shows at once in the portals of its audience and is emailed to them; security advisories reach
          everyone concerned whatever their email preferences.
        </p>
        {publish.isError ? <FormError error={publish.error} /> : null}
        <form noValidate onSubmit={handleSubmit}>
          <SelectField
            control={form.control}
            name="kind"
            label="Kind"
            options={alertKinds.map((kind: AlertKind) => ({ value: kind, label: alertKindLabels[kind] }))}
          />
          <TextField control={form.control} name="title" label="Title" />
          <TextAreaField control={form.control} name="body" label="Text (Markdown)" rows={6} />
          <TextField
            control={form.control}
            name="activeUntil"
            label="Banner shown until (optional)"
            type="datetime-local"
          />
          <ChoiceGroup
            control={form.control}
            name="audience.tiers"
            legend="Tiers"
            options={subscriptionTiers.map((tier) => ({ value: tier, label: tierLabels[tier] }))}
          />
          <ChoiceGroup
            control={form.control}
            name="audience.productIds"
            legend="Products"
            options={(products.data?.items ?? []).map((product) => ({
              value: product.id,
              label: product.name,
            }))}
          />
          <ChoiceGroup
            control={form.control}
            name="audience.roles"
            legend="Contact roles"
            options={contactRoles.map((role) => ({ value: role, label: roleLabels[role] }))}
          />
          <Button type="submit" busy={publish.isPending} busyLabel="Publishing…">
            Publish and email
          </Button>
        </form>
      </section>
      <Table
        caption="Published alerts, latest first"
        rowKey={(alert) => alert.id}
        state={tableStateOf(alerts, (data) => data.items)}
        loadingMessage="Loading the alerts…"
        errorSummary="The alerts could not be loaded."
        empty={{ message: 'No alert has been published yet.' }}
        columns={[
          { key: 'title', header: 'Title', rowHeader: true, cell: (alert) => alert.title },
          { key: 'kind', header: 'Kind', nowrap: true, cell: (alert) => alertKindLabels[alert.kind] },
          { key: 'audience', header: 'Audience', cell: (alert) => audienceWords(alert, productName) },
          {
            key: 'published',
            header: 'Published',
            nowrap: true,
            cell: (alert) => formatInstant(alert.publishedAt, { withTime: true }),
          },
          { key: 'emails', header: 'Emails', numeric: true, cell: (alert) => alert.emailsQueued },
        ]}
      />
    </section>
  );
}
