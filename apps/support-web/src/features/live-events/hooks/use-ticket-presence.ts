import { type LiveTicketPresence, ticketPresenceIntervalSeconds } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { useCallback, useEffect, useRef, useState } from 'react';
import { announcePresence } from '../api/announce-presence';
import { useLivePresence } from './use-live-ticket-events';

export interface PresentPerson {
  userId: string;
  name: string;
  state: 'viewing' | 'typing';
}

const intervalMs = ticketPresenceIntervalSeconds * 1000;
/** Typing stops counting this long after the last keystroke. */
const typingLingerMs = 5_000;

/**
 * For a member of staff on a ticket's page: announces them (viewing, or typing while they type) every
 * interval and when they leave, and lists the other staff on the same page, each dropped once they
 * leave or have not been announced for two intervals.
 */
export const useTicketPresence = (ticketId: string, typing: boolean): PresentPerson[] => {
  const apiClient = useApiClient();
  const [others, setOthers] = useState<Map<string, PresentPerson & { seenAt: number }>>(new Map());

  useEffect(() => {
    const announce = () =>
      void announcePresence(apiClient, ticketId, typing ? 'typing' : 'viewing').catch(() => {});
    announce();
    const timer = setInterval(announce, intervalMs);
    return () => clearInterval(timer);
  }, [apiClient, ticketId, typing]);

  useEffect(
    () => () => {
      void announcePresence(apiClient, ticketId, 'left').catch(() => {});
    },
    [apiClient, ticketId],
  );

  const known = useRef(new Set<string>());
  const typingNow = useRef(typing);
  typingNow.current = typing;
  useLivePresence((presence: LiveTicketPresence) => {
    if (presence.ticketId !== ticketId) return;
    // Someone new on the page learns at once that we are here too, not at our next interval.
    if (presence.state === 'left') known.current.delete(presence.userId);
    else if (!known.current.has(presence.userId)) {
      known.current.add(presence.userId);
      void announcePresence(apiClient, ticketId, typingNow.current ? 'typing' : 'viewing').catch(() => {});
    }
    setOthers((current) => {
      const next = new Map(current);
      if (presence.state === 'left') next.delete(presence.userId);
      else next.set(presence.userId, { ...presence, state: presence.state, seenAt: Date.now() });
      return next;
    });
  });

  useEffect(() => {
    const timer = setInterval(() => {
      setOthers((current) => {
        const fresh = [...current].filter(([, person]) => Date.now() - person.seenAt < 2 * intervalMs);
        for (const [userId] of current) {
          if (!fresh.some(([freshId]) => freshId === userId)) known.current.delete(userId);
        }
        return fresh.length === current.size ? current : new Map(fresh);
      });
    }, intervalMs / 3);
    return () => clearInterval(timer);
  }, []);

  return [...others.values()].map(({ userId, name, state }) => ({ userId, name, state }));
};

/** Whether the person is typing: true from a keystroke until a few seconds after the last one. */
export const useTypingSignal = (): [boolean, () => void] => {
  const [typing, setTyping] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const onInput = useCallback(() => {
    setTyping(true);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setTyping(false), typingLingerMs);
  }, []);
  return [typing, onInput];
};
