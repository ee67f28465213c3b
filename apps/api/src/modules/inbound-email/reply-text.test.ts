import { describe, expect, it } from 'vitest';
import { replyAboveMarker } from '../email/templates/layout';
import { stripQuotedHistory } from './reply-text';

describe('quoted history in email replies', () => {
  it('cuts Gmail\'s and Apple Mail\'s "On … wrote:" and what follows', () => {
    const text = [
      'Restarting the scheduler fixed it.',
      '',
      'On Tue, 1 Dec 2026 at 10:00, Support <reply+abc@reply.portals.example> wrote:',
      '> Please restart the scheduler.',
      '>',
      '> Support',
    ].join('\n');
    expect(stripQuotedHistory(text)).toBe('Restarting the scheduler fixed it.');
  });

  it('cuts an "On …" line wrapped before "wrote:"', () => {
    const text =
      'Done.\n\nOn Tue, 1 Dec 2026 at 10:00, Support Team <reply+abc@reply.portals.example>\nwrote:\n> old';
    expect(stripQuotedHistory(text)).toBe('Done.');
  });

  it("cuts Outlook's Original Message and its header block", () => {
    expect(
      stripQuotedHistory('Yes.\r\n\r\n-----Original Message-----\r\nFrom: Support\r\nSent: Monday\r\nold'),
    ).toBe('Yes.');
    expect(
      stripQuotedHistory(
        'Yes, tomorrow.\n\n________________________________\nFrom: Support <s@x>\nSent: Monday\n',
      ),
    ).toBe('Yes, tomorrow.');
    expect(
      stripQuotedHistory('Yes.\n\nFrom: Support <s@x>\nSent: Monday\nTo: me\nSubject: [#1] x\n\nold'),
    ).toBe('Yes.');
  });

  it("keeps a line that starts with From: when no header block follows (it is the person's words)", () => {
    expect(stripQuotedHistory('From: my side everything works now.\nThanks')).toBe(
      'From: my side everything works now.\nThanks',
    );
  });

  it("cuts at the notification's own marker line, however it was quoted", () => {
    const text = ['It happens on every host.', '', `> ${replyAboveMarker}`, '> Hello Ada,', '> old'].join(
      '\n',
    );
    expect(stripQuotedHistory(text)).toBe('It happens on every host.');
    expect(stripQuotedHistory(`Above.\n${replyAboveMarker}\nHello Ada,`)).toBe('Above.');
  });

  it('drops quoted lines between answers, and a signature', () => {
    const text = [
      '> Which version?',
      '6.10.2',
      '> Which host?',
      'all of them',
      '',
      '-- ',
      'Ada',
      'ACME',
    ].join('\n');
    expect(stripQuotedHistory(text)).toBe('6.10.2\nall of them');
  });

  it('leaves a reply with no history as it is, trimmed', () => {
    expect(stripQuotedHistory('\n  Line one\n\n\n\nLine two  \n')).toBe('Line one\n\nLine two');
  });

  it('is empty when the reply is only the quoted email', () => {
    expect(stripQuotedHistory(`On Mon, Support wrote:\n> ${replyAboveMarker}\n> Hello`)).toBe('');
  });
});
