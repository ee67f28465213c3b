import {
  connectLiveEvents,
  type LiveEventsConnection,
  type LiveEventsStatus,
  type SessionManager,
} from '@portals/api-client';
import type { LiveTicketEvent, LiveTicketPresence } from '@portals/domain';
import { useSession, useSessionManager } from '@portals/web-ui';
import { useEffect, useRef, useSyncExternalStore } from 'react';

/** A ticket event, or `reset` when too much was missed to replay (read everything again). */
export type LiveTicketChange = LiveTicketEvent | 'reset';
type Listener = (change: LiveTicketChange) => void;

/**
 * One stream per tab, shared by every page that follows it: opened for the first listener, kept a moment
 * after the last one leaves (a page change removes one listener and adds the next), so the position it
 * resumes from (its last event id) survives navigation.
 */
interface SharedStream {
  connection: LiveEventsConnection | null;
  listeners: Set<Listener>;
  presenceListeners: Set<(presence: LiveTicketPresence) => void>;
  status: LiveEventsStatus;
  statusListeners: Set<() => void>;
  closeTimer: ReturnType<typeof setTimeout> | undefined;
  /** Whose stream it is: another person signing in on this tab never inherits it. */
  userId: string | null;
}

const streams = new WeakMap<SessionManager, SharedStream>();
const lingerMs = 5_000;

const sharedOf = (session: SessionManager): SharedStream => {
  let shared = streams.get(session);
  if (!shared) {
    shared = {
      connection: null,
      listeners: new Set(),
      presenceListeners: new Set(),
      status: 'closed',
      statusListeners: new Set(),
      closeTimer: undefined,
      userId: null,
    };
    const created = shared;
    streams.set(session, created);
    // Signing out (or in as someone else) closes the stream at once, not after the linger.
    session.subscribe(() => {
      const state = session.getState();
      if (state.status === 'signed-in' && state.me.id === created.userId) return;
      if (state.status === 'restoring') return;
      close(created);
    });
  }
  return shared;
};

const setStatus = (shared: SharedStream, status: LiveEventsStatus): void => {
  shared.status = status;
  for (const notify of shared.statusListeners) notify();
};

const close = (shared: SharedStream): void => {
  clearTimeout(shared.closeTimer);
  shared.closeTimer = undefined;
  shared.connection?.close();
  shared.connection = null;
  shared.userId = null;
};

const open = (session: SessionManager, shared: SharedStream): void => {
  clearTimeout(shared.closeTimer);
  shared.closeTimer = undefined;
  const state = session.getState();
  const userId = state.status === 'signed-in' ? state.me.id : null;
  if (shared.connection && shared.userId === userId) return;
  close(shared);
  shared.userId = userId;
  let connection: LiveEventsConnection | null = null;
  connection = connectLiveEvents({
    baseUrl: session.apiClient.baseUrl,
    auth: session.accessTokens,
    onEvent: (event) => {
      for (const listener of shared.listeners) listener(event);
    },
    onPresence: (presence) => {
      for (const listener of shared.presenceListeners) listener(presence);
    },
    onReset: () => {
      for (const listener of shared.listeners) listener('reset');
    },
    onStatus: (status) => {
      // A stream this one replaced has nothing more to say.
      if (connection !== null && shared.connection !== connection) return;
      if (status === 'closed') {
        shared.connection = null;
        shared.userId = null;
      }
      setStatus(shared, status);
    },
  });
  shared.connection = connection;
};

const closeSoon = (shared: SharedStream): void => {
  clearTimeout(shared.closeTimer);
  shared.closeTimer = setTimeout(() => {
    if (shared.listeners.size === 0) close(shared);
  }, lingerMs);
};

/**
 * Calls `onChange` for every ticket event the signed-in person may see, from `GET /v1/events`, while the
 * calling component is mounted and someone is signed in.
 */
export const useLiveTicketEvents = (onChange: Listener): void => {
  const session = useSessionManager();
  const signedIn = useSession().status === 'signed-in';
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => {
    if (!signedIn) return;
    const shared = sharedOf(session);
    const listener: Listener = (change) => latest.current(change);
    shared.listeners.add(listener);
    open(session, shared);
    return () => {
      shared.listeners.delete(listener);
      if (shared.listeners.size === 0) closeSoon(shared);
    };
  }, [session, signedIn]);
};

/** The shared stream's state: `reconnecting` while it is down and being opened again. */
export const useLiveEventsStatus = (): LiveEventsStatus => {
  const shared = sharedOf(useSessionManager());
  return useSyncExternalStore(
    (notify) => {
      shared.statusListeners.add(notify);
      return () => shared.statusListeners.delete(notify);
    },
    () => shared.status,
  );
};

/** Calls `onPresence` for staff's presence on tickets (staff only), while the stream is open for a page. */
export const useLivePresence = (onPresence: (presence: LiveTicketPresence) => void): void => {
  const session = useSessionManager();
  const latest = useRef(onPresence);
  latest.current = onPresence;
  useEffect(() => {
    const shared = sharedOf(session);
    const listener = (presence: LiveTicketPresence) => latest.current(presence);
    shared.presenceListeners.add(listener);
    return () => {
      shared.presenceListeners.delete(listener);
    };
  }, [session]);
};
