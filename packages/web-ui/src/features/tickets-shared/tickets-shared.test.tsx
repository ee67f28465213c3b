import type { TicketEvent } from '@portals/domain';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { HighlightedFragment } from './highlighted-fragment';
import { TicketTimeline } from './ticket-timeline';

const ticketId = '0b9e8d7c-6f5a-4b3c-9d2e-1f0a9b8c7d6e';

describe('search highlights', () => {
  it('marks the matching words and shows escaped markup as text, never as elements', () => {
    const { container } = render(
      <p>
        <HighlightedFragment fragment="the &lt;img src=x onerror=alert(1)&gt; <mark>licence</mark> server &amp; <mark>proxy</mark>" />
      </p>,
    );
    expect([...container.querySelectorAll('mark')].map((mark) => mark.textContent)).toEqual([
      'licence',
      'proxy',
    ]);
    expect(container.querySelector('img')).toBeNull();
    expect(container.textContent).toBe('the <img src=x onerror=alert(1)> licence server & proxy');
  });

  it('does not turn unescaped markup in a fragment into elements either', () => {
    const { container } = render(
      <p>
        <HighlightedFragment fragment={'<img src=x onerror="alert(1)"><mark><b>bold</b></mark>'} />
      </p>,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(container.querySelector('mark')?.textContent).toBe('<b>bold</b>');
  });
});

describe('the ticket timeline', () => {
  it('marks an internal note as not visible to the customer, and a public reply not', () => {
    const events: TicketEvent[] = [
      {
        id: 1,
        ticketId,
        kind: 'public_reply',
        visibility: 'public',
        body: 'We are looking into it.',
        actor: { id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', name: 'Ada Agent' },
        createdAt: '2026-05-01T10:00:00Z',
      },
      {
        id: 2,
        ticketId,
        kind: 'internal_note',
        visibility: 'internal',
        body: 'Customer runs an unsupported version.',
        actor: { id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', name: 'Ada Agent' },
        createdAt: '2026-05-01T10:05:00Z',
      },
    ];
    render(<TicketTimeline events={events} />);
    const [reply, note] = screen.getAllByRole('listitem');
    expect(note?.textContent).toContain('Internal note — not visible to the customer');
    expect(note?.textContent).toContain('Customer runs an unsupported version.');
    expect(reply?.textContent).not.toContain('Internal note');
  });

  it('says which replies came by email', () => {
    const reply = (id: number, data?: { via?: 'email' }): TicketEvent => ({
      id,
      ticketId,
      kind: 'public_reply',
      visibility: 'public',
      body: `Reply ${id}`,
      actor: { id: '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a', name: 'Carla Contact' },
      createdAt: '2026-05-01T10:00:00Z',
      ...(data ? { data } : {}),
    });
    render(<TicketTimeline events={[reply(1), reply(2, { via: 'email' })]} />);
    const [inPortal, byEmail] = screen.getAllByRole('listitem');
    expect(inPortal?.textContent).toContain('Carla Contact replied ·');
    expect(byEmail?.textContent).toContain('Carla Contact replied by email ·');
  });

  it('renders replies and notes as Markdown, with raw HTML dropped and script links made inert', () => {
    const events: TicketEvent[] = [
      {
        id: 1,
        ticketId,
        kind: 'internal_note',
        visibility: 'internal',
        body: 'Run **restart** and read [the guide](https://docs.example/guide).\n\n<img src=x onerror="alert(1)"> [click](javascript:alert(1))',
        actor: { id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', name: 'Ada Agent' },
        createdAt: '2026-05-01T10:05:00Z',
      },
    ];
    const { container } = render(<TicketTimeline events={events} />);
    expect(screen.getByText('restart').tagName).toBe('STRONG');
    const guide = screen.getByRole('link', { name: 'the guide' });
    expect(guide.getAttribute('href')).toBe('https://docs.example/guide');
    expect(guide.getAttribute('rel')).toContain('noopener');
    expect(container.querySelector('img')).toBeNull();
    expect(screen.queryByRole('link', { name: 'click' })).toBeNull();
  });
});
