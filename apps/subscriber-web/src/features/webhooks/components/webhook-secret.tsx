import type { WebhookEndpointWithSecret } from '@portals/domain';
import { Button, CopyButton } from '@portals/web-ui';
import { useEffect, useId, useRef } from 'react';

/** A new secret, shown this once (at registration and after a rotation). */
export function WebhookSecret({
  created,
  rotated,
  onDone,
}: {
  created: WebhookEndpointWithSecret;
  rotated: boolean;
  onDone: () => void;
}) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  return (
    <section className="notice" aria-labelledby={headingId}>
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        Copy the signing secret of {created.endpoint.url} now
      </h2>
      <p>
        <strong>You will not see it again.</strong> Your system checks each delivery's signature with it (see
        the webhooks documentation).{' '}
        {rotated
          ? 'The previous secret also signs deliveries for 24 hours, while you switch.'
          : 'If it is lost, rotate the secret to get a new one.'}
      </p>
      <p>
        Secret: <code className="secret">{created.secret}</code>
      </p>
      <div className="actions">
        <CopyButton text={created.secret} label="Copy the secret" />
        <Button onClick={onDone}>Done</Button>
      </div>
    </section>
  );
}
