import { describe, expect, it } from 'vitest';
import { toastSays, useProductInBrowser, useSubscriberSignIn } from './product';

describe('contacts: the main contact and the staff who decide, in a real browser at 1280 px', () => {
  const running = useProductInBrowser();

  const signIn = useSubscriberSignIn(running);

  it('offers the request while every seat is in use and the add once one is free; each action confirms itself', async () => {
    const maria = await signIn('main@acme.example', 'Maria Main');
    await maria.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click();
    await maria.getByRole('heading', { level: 1, name: 'Contacts' }).waitFor();

    // Acme Cloud: premium's two seats, and Theo's approved beyond them.
    await maria
      .getByText('3 of 3 named support accounts in use, 1 of them approved beyond the tier.')
      .waitFor();
    expect(await maria.getByRole('button', { name: 'Add a technical contact' }).count()).toBe(0);
    expect(await maria.getByRole('textbox').count()).toBe(0);

    // No seat free: the request is offered, in a dialog, and confirmed as a success.
    await maria.getByRole('button', { name: 'Request an additional technical contact' }).click();
    const request = maria.getByRole('dialog', { name: 'Request an additional technical contact' });
    await request.getByLabel('Name').fill('Nora Night');
    await request.getByLabel('Email').fill('nora@acme.example');
    await request.getByLabel('Reason (optional)').fill('Night shift');
    await request.getByRole('button', { name: 'Send the request' }).click();
    await toastSays(maria, /Your request for Nora Night was sent/);
    await request.waitFor({ state: 'hidden' });
    await maria.getByRole('cell', { name: 'Nora Night (nora@acme.example)' }).waitFor();

    // Escape closes a dialog and gives the focus back to its button.
    const handover = maria.getByRole('button', { name: 'Hand over the main contact role' });
    await handover.click();
    await maria.getByRole('dialog', { name: 'Hand over the main contact role' }).waitFor();
    await maria.keyboard.press('Escape');
    await maria.getByRole('dialog').waitFor({ state: 'hidden' });
    // Evaluated in the page, as text: the tests compile without the DOM's types.
    await handover.evaluate((button) => button.setAttribute('data-opener', ''));
    expect(await maria.evaluate("document.activeElement?.hasAttribute('data-opener')")).toBe(true);

    // Editing and removing each say what happened.
    await maria.getByRole('button', { name: 'Edit Alan Admin' }).click();
    const edit = maria.getByRole('dialog', { name: 'Edit Alan Admin' });
    await edit.getByLabel('Phone (optional)').fill('+34 600 111 222');
    await edit.getByRole('button', { name: 'Save the changes' }).click();
    await toastSays(maria, 'The changes to Alan Admin were saved and confirmed to them by email.');

    for (const name of ['Theo Tech', 'Tara Tech']) {
      await maria.getByRole('button', { name: `Remove ${name}` }).click();
      await maria
        .getByRole('dialog', { name: `Remove ${name} as a contact?` })
        .getByRole('button', { name: 'Remove the contact' })
        .click();
      await toastSays(maria, `${name} was removed; their access has ended.`);
    }

    // A seat is free now: the add is offered (and the request no longer is).
    await maria.getByText('1 of 2 named support accounts in use.').waitFor();
    expect(await maria.getByRole('button', { name: 'Request an additional technical contact' }).count()).toBe(
      0,
    );
    await maria.getByRole('button', { name: 'Add a technical contact' }).click();
    const add = maria.getByRole('dialog', { name: 'Add a technical contact' });
    await add.getByLabel('Name').fill('Tess Tech');
    await add.getByLabel('Email').fill('tess@acme.example');
    await add.getByRole('button', { name: 'Add the technical contact' }).click();
    await toastSays(maria, 'Tess Tech was added as the technical contact and invited by email.');
    await maria.getByRole('rowheader', { name: 'Tess Tech' }).waitFor();
    await maria.getByText('2 of 2 named support accounts in use.').waitFor();
    // Success never shows as a warning.
    expect(await maria.getByRole('alert').count()).toBe(0);
    await maria.context().close();
  });

  it('shows staff the pending count, the whole queue at 1280 px, and confirms each decision', async () => {
    const manager = await signIn('accounts@vendor.example', 'Max Manager');
    const navigation = manager.getByRole('navigation', { name: 'Main' });
    const link = navigation.getByRole('link', { name: /^Contact requests/ });
    await expect.poll(() => link.textContent()).toBe('Contact requests 1 pending');
    await link.click();
    await manager.getByRole('heading', { level: 1, name: 'Contact requests' }).waitFor();

    const row = manager.getByRole('row', { name: /Acme Cloud/ });
    const approve = row.getByRole('button', { name: 'Approve the request of Acme Cloud' });
    const decline = row.getByRole('button', { name: 'Decline the request of Acme Cloud' });
    // Both decisions fit in the window: nothing to scroll sideways for.
    for (const button of [approve, decline]) {
      const box = await button.boundingBox();
      expect(box).not.toBeNull();
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(1280);
    }
    expect(await manager.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1280);

    await approve.click();
    const dialog = manager.getByRole('dialog', { name: 'Approve the request of Acme Cloud?' });
    await dialog.getByText('2 of 2 named support accounts in use.').waitFor();
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await toastSays(manager, 'Approved: Nora Night was added to Acme Cloud and invited by email.');
    await manager.getByText('No contact requests are waiting for a decision.').waitFor();
    await expect.poll(() => link.textContent()).toBe('Contact requests');
    await manager.context().close();
  });

  it('tells a support agent why they cannot decide', async () => {
    const agent = await signIn('agent@vendor.example', 'Sam Support');
    await agent.goto(`${running.product.baseUrl}/subscriber/back-office/contact-requests`);
    await agent.getByText('your role cannot approve or decline requests').waitFor();
    await agent.context().close();
  });
});
