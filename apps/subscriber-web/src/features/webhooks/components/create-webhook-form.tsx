import {
  CreateWebhookEndpointRequest,
  type WebhookEndpointWithSecret,
  webhookEventTypes,
} from '@portals/domain';
import { Button, FormError, setServerFieldErrors, TextField, useZodForm } from '@portals/web-ui';
import { useId } from 'react';
import { z } from 'zod';
import { useCreateWebhook } from '../api/manage-webhooks';
import { webhookEventLabels } from './webhook-labels';

const CreateForm = z.object({
  url: CreateWebhookEndpointRequest.shape.url,
  description: z.string().trim().max(500, 'must be at most 500 characters'),
  eventTypes: CreateWebhookEndpointRequest.shape.eventTypes,
});

/** Registers an endpoint: its URL, what it is for and the events it wants. */
export function CreateWebhookForm({
  onCreated,
  onCancel,
}: {
  onCreated: (created: WebhookEndpointWithSecret) => void;
  onCancel: () => void;
}) {
  const create = useCreateWebhook();
  const eventsId = useId();
  const form = useZodForm(
    CreateForm,
    { url: '', description: '', eventTypes: ['ticket.created', 'ticket.replied', 'ticket.solved'] },
    { messages: { url: 'Enter the https address that receives the events.' } },
  );
  const handleSubmit = form.handleSubmit((values) =>
    create.mutate(values, {
      onSuccess: onCreated,
      onError: (error) => setServerFieldErrors(form, error),
    }),
  );
  const eventErrors = form.formState.errors.eventTypes;
  const eventsError = eventErrors?.message;
  return (
    <>
      {create.isError ? <FormError error={create.error} /> : null}
      <form className="form" noValidate onSubmit={handleSubmit}>
        <TextField
          control={form.control}
          name="url"
          label="Endpoint URL"
          type="url"
          inputMode="url"
          autoComplete="off"
          required
          hint="An https address of your system that accepts POST requests."
        />
        <TextField
          control={form.control}
          name="description"
          label="Description (optional)"
          maxLength={500}
          autoComplete="off"
        />
        <fieldset
          className="field checkboxes"
          aria-describedby={eventsError ? `${eventsId}-error` : undefined}
        >
          <legend>Events to send</legend>
          {webhookEventTypes.map((type) => (
            <label key={type} className="checkbox">
              <input type="checkbox" value={type} {...form.register('eventTypes')} />
              <span>
                {webhookEventLabels[type]} <code className="muted">{type}</code>
              </span>
            </label>
          ))}
          {eventsError ? (
            <p className="field-error" id={`${eventsId}-error`}>
              {eventsError}
            </p>
          ) : null}
        </fieldset>
        <div className="actions">
          <Button type="submit" busy={create.isPending} busyLabel="Registering…">
            Register the endpoint
          </Button>
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </form>
    </>
  );
}
