import { createApiClient } from '@portals/api-client';
import { describe, expect, it, vi } from 'vitest';
import {
  downloadTicketAttachment,
  getTicketAttachments,
  ticketAttachmentContentUrl,
  ticketAttachmentUploadMetadata,
} from './ticket-attachments';

const ticketId = '0b7e7a4e-6f1c-4d8e-9a51-1f0c2d3e4a5b';
const attachment = {
  id: '5d1c9a7e-2b3f-4c6d-8e9f-0a1b2c3d4e5f',
  ticketId,
  eventId: 42,
  fileName: 'scheduler.log',
  sizeBytes: 1024,
  sha256: 'a'.repeat(64),
  contentType: 'text/plain',
  visibility: 'public',
  uploader: { id: '7c2f1e0d-3a4b-4c5d-9e8f-1a2b3c4d5e6f', name: 'Tom Tech' },
  createdAt: '2026-12-01T10:00:00.000Z',
};

describe('ticket attachments in the portals', () => {
  it("lists a ticket's attachments from its endpoint", async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(
      async () =>
        new Response(JSON.stringify({ items: [attachment] }), {
          headers: { 'content-type': 'application/json' },
        }),
    );
    const apiClient = createApiClient({ baseUrl: 'https://portal.example', fetch });

    const list = await getTicketAttachments(apiClient, ticketId);

    expect(list.items.map((item) => item.fileName)).toEqual(['scheduler.log']);
    expect(fetch.mock.calls[0]?.[0]).toBe(`https://portal.example/v1/tickets/${ticketId}/attachments`);
  });

  it("builds the download address under the API's base URL", () => {
    expect(ticketAttachmentContentUrl({ baseUrl: '' }, attachment)).toBe(
      `/v1/tickets/${ticketId}/attachments/${attachment.id}/content`,
    );
  });

  it('downloads through a fresh download link the browser follows, never fetching the bytes itself', async () => {
    const linkUrl = `/v1/tickets/${ticketId}/attachments/${attachment.id}/content?token=signed.link`;
    const fetch = vi.fn<typeof globalThis.fetch>(
      async () =>
        new Response(JSON.stringify({ url: linkUrl, expiresAt: '2026-12-01T10:01:00.000Z' }), {
          headers: { 'content-type': 'application/json' },
        }),
    );
    const apiClient = createApiClient({ baseUrl: 'https://api.portal.example', fetch });
    const followed: { href: string; download: string; inPage: boolean }[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      followed.push({ href: this.href, download: this.download, inPage: document.body.contains(this) });
    });
    try {
      await downloadTicketAttachment(apiClient, attachment);
    } finally {
      click.mockRestore();
    }

    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(String(url)).toBe(
      `https://api.portal.example/v1/tickets/${ticketId}/attachments/${attachment.id}/download-link`,
    );
    expect(init?.method).toBe('POST');
    expect(followed).toEqual([
      { href: `https://api.portal.example${linkUrl}`, download: 'scheduler.log', inPage: true },
    ]);
    // The anchor leaves no trace in the page.
    expect(document.querySelectorAll('a[download]')).toHaveLength(0);
  });

  it('names the ticket, and the reply when there is one, in the upload metadata', () => {
    expect(ticketAttachmentUploadMetadata({ ticketId })).toEqual({ ticketId });
    expect(ticketAttachmentUploadMetadata({ ticketId, eventId: 42 })).toEqual({ ticketId, eventId: '42' });
  });
});
