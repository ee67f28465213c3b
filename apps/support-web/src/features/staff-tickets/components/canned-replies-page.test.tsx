import type { CannedReply } from '@portals/domain';
import { jsonResponse, stubApi } from '@portals/web-ui/testing';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { openAsAgent } from '../testing';
// Loaded up front, as the lazy route would load it, so the first test does not pay for the import.
import './canned-replies-page';

const askForLogs: CannedReply = {
  id: '4d5e6f7a-8b9c-4d0e-8f1a-2b3c4d5e6f7a',
  title: 'Ask for logs',
  body: 'Please attach the server log of the last hour.',
  updatedAt: '2026-04-01T00:00:00Z',
};

describe('canned replies management', () => {
  it('adds a canned reply checked by the domain schema, and deletes one after a confirmation', async () => {
    let replies: CannedReply[] = [askForLogs];
    const created: unknown[] = [];
    stubApi({
      'GET /v1/staff/canned-replies': () => jsonResponse({ items: replies, nextCursor: null }),
      'POST /v1/staff/canned-replies': ({ body }) => {
        created.push(body);
        const reply = {
          ...(body as { title: string; body: string }),
          id: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',
          updatedAt: '2026-05-01T00:00:00Z',
        };
        replies = [...replies, reply];
        return jsonResponse(reply, { status: 201 });
      },
      [`DELETE /v1/staff/canned-replies/${askForLogs.id}`]: () => {
        replies = replies.filter((reply) => reply.id !== askForLogs.id);
        return new Response(null, { status: 204 });
      },
    });
    openAsAgent('/staff/canned-replies');
    expect(await screen.findByRole('rowheader', { name: 'Ask for logs' })).toBeDefined();

    const form = within(screen.getByRole('form', { name: 'New canned reply' }));
    fireEvent.click(form.getByRole('button', { name: 'Add canned reply' }));
    expect(await form.findAllByText(/must not be blank|Too small|at least/i)).not.toHaveLength(0);
    expect(created).toEqual([]);

    fireEvent.change(form.getByLabelText('Title'), { target: { value: 'Known proxy issue' } });
    fireEvent.change(form.getByLabelText('Text'), {
      target: { value: 'Set the proxy exception as follows.' },
    });
    fireEvent.click(form.getByRole('button', { name: 'Add canned reply' }));
    expect(await screen.findByRole('rowheader', { name: 'Known proxy issue' })).toBeDefined();
    expect(created).toEqual([{ title: 'Known proxy issue', body: 'Set the proxy exception as follows.' }]);

    fireEvent.click(screen.getByRole('button', { name: 'Delete Ask for logs' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Delete “Ask for logs”?' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByRole('rowheader', { name: 'Ask for logs' })).toBeNull());
    expect(screen.getByText('“Ask for logs” was deleted.')).toBeDefined();
  });
});
