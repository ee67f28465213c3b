import type { TicketSla } from '@portals/domain';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SlaPromise, SlaTimeLeft } from './sla-badges';

const owed: TicketSla = {
  owed: 'first_response',
  dueAt: '2026-12-07T12:00:00Z',
  warnAt: '2026-12-07T11:00:00Z',
  pausedAt: null,
  firstResponseDueAt: '2026-12-07T12:00:00Z',
  firstRespondedAt: null,
  nextResponseDueAt: null,
};
const nothingOwed: TicketSla = { ...owed, owed: null, dueAt: null, warnAt: null, firstResponseDueAt: null };

describe('SLA time left for staff', () => {
  it.each([
    ['2026-12-07T08:30:00Z', '3 h 30 min left', 'sla-on_track'],
    ['2026-12-07T11:15:00Z', '45 min left', 'sla-due_soon'],
    ['2026-12-07T12:20:00Z', '20 min overdue', 'sla-overdue'],
  ])('at %s shows "%s" coloured %s', (now, words, colour) => {
    render(<SlaTimeLeft sla={owed} now={new Date(now)} />);
    const badge = screen.getByText(words);
    expect(badge.className).toContain(colour);
  });

  it('says the clock is paused while the customer is waited on, and shows nothing when nothing is owed', () => {
    const { container, rerender } = render(
      <SlaTimeLeft sla={{ ...owed, dueAt: null, warnAt: null, pausedAt: '2026-12-07T09:00:00Z' }} />,
    );
    expect(screen.getByText('Paused').className).toContain('sla-paused');
    rerender(<SlaTimeLeft sla={nothingOwed} />);
    expect(container.textContent).toBe('—');
  });
});

describe('the promise to a contact', () => {
  it('tells when the answer will come, that it waits on them, or nothing', () => {
    const { container, rerender } = render(<SlaPromise sla={owed} />);
    expect(container.textContent).toMatch(/^We will answer by .*2026/);
    rerender(<SlaPromise sla={{ ...owed, dueAt: null, pausedAt: '2026-12-07T09:00:00Z' }} />);
    expect(container.textContent).toMatch(/waiting on your answer/);
    rerender(<SlaPromise sla={nothingOwed} />);
    expect(container.textContent).toBe('');
  });
});
