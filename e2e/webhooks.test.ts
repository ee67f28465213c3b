import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebhookReceiver } from '../apps/api/test/webhook-receiver';
// The verifier docs/webhooks.md shows.
import { createWebhookVerifier } from '../docs/examples/verify-webhook.mjs';
import { startProduct, toastSays, useProductInBrowser, useSubscriberSignIn } from './product';

describe('webhooks: the main contact registers an endpoint, keeps its secret and sees a ping delivered', () => {
  // A receiver on this machine: the development setting lets endpoints use loopback over http.
  const receiver = new WebhookReceiver();
  beforeAll(() => receiver.start());
  afterAll(() => receiver.stop());
  const running = useProductInBrowser(() => startProduct({ WEBHOOK_PRIVATE_TARGETS: 'allowed' }));
  const signIn = useSubscriberSignIn(running);
  const navigation = (page: Page) => page.getByRole('navigation', { name: 'Main' });

  it('registers, shows the secret once, sends a ping and logs its delivery', async () => {
    const maria = await signIn('main@acme.example', 'Maria Main');
    await navigation(maria).getByRole('link', { name: 'Webhooks' }).click();
    await maria.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    await maria.getByText('No webhook endpoints yet.').waitFor();

    await maria.getByRole('button', { name: 'Register an endpoint' }).click();
    const dialog = maria.getByRole('dialog', { name: 'Register a webhook endpoint' });
    await dialog.getByLabel('Endpoint URL').fill(receiver.url('/e2e'));
    await dialog.getByLabel('Description (optional)').fill('Our ticket bridge');
    await dialog.getByRole('button', { name: 'Register the endpoint' }).click();
    await toastSays(maria, /is registered/);
    await dialog.waitFor({ state: 'hidden' });

    // The secret, once, with the warning and a copy button.
    const notice = maria.getByRole('region', { name: /Copy the signing secret/ });
    await notice.getByText('You will not see it again.').waitFor();
    await notice.getByRole('button', { name: 'Copy the secret' }).waitFor();
    const secret = (await notice.locator('code.secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    await notice.getByRole('button', { name: 'Done' }).click();
    await notice.waitFor({ state: 'detached' });
    expect(await maria.content()).not.toContain(secret);

    const row = maria.getByRole('row', { name: new RegExp(receiver.url('/e2e').replaceAll('.', '\\.')) });
    await row.getByText('Enabled').waitFor();
    await row.getByRole('button', { name: 'Send a test ping' }).click();
    await toastSays(maria, /A test ping is on its way/);

    // The delivery log shows the ping delivered, with the receiver's answer.
    const deliveries = maria.getByRole('table', { name: /Recent deliveries to/ });
    const delivery = deliveries.getByRole('row', { name: /Test ping/ });
    await delivery.getByText('Delivered').waitFor({ timeout: 20_000 });
    await delivery.getByText('HTTP 200').waitFor();

    // What arrived is signed with the secret the page showed.
    const [received] = receiver.at('/e2e');
    if (!received) throw new Error('the receiver got nothing');
    expect(createWebhookVerifier(secret)(received.headers, received.rawBody)).toMatchObject({ type: 'ping' });
  });
});
