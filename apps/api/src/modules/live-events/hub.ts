import {
  type LiveEventReader,
  type LiveTicketEvent,
  LiveTicketPresence,
  liveEventReaches,
} from '@portals/domain';
import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import type { Database } from '../../db/client';
import { privileged } from '../../db/scope';
import {
  unsafeEventIdsAfter,
  unsafeLatestEventId,
  unsafeReadEventsWithAudience,
  unsafeSessionStates,
} from './repository';

/** Channels of migration 0017's triggers. */
export const ticketEventsChannel = 'ticket_events';
export const sessionsEndedChannel = 'sessions_ended';
/** Staff on a ticket's page (`POST /v1/tickets/:ticketId/presence`), announced from the request's transaction. */
export const ticketPresenceChannel = 'ticket_presence';

/** Why a stream ended, as its last message tells the client. */
export type LiveStreamEnd = 'token_expired' | 'session_ended' | 'server_closing' | 'too_slow';

/** A connected client, as the hub knows it. */
export interface LiveListener {
  readonly reader: LiveEventReader;
  readonly sessionVersion: number;
  deliver(event: LiveTicketEvent): void;
  /** Someone else of the staff on a ticket's page: sent to staff who read every ticket only. */
  presence(presence: LiveTicketPresence): void;
  end(reason: LiveStreamEnd): void;
}

/** How many dispatched ids are remembered, to drop a notification that comes twice (after a reconnect). */
const rememberedIds = 10_000;
const maxReconnectDelayMs = 5_000;
/** The last event id before the listener has ever read one (the database was down when it started). */
const unknownEventId = -1;

/**
 * One LISTEN connection per API process (not per client): notifications of new ticket events, from any
 * process, are read from the database once per batch with their tickets' audience, then matched against
 * every connected client by the domain's rule. After a lost connection it reconnects and catches up from
 * the last event id it saw; notifications of ended sessions end those users' streams at once.
 */
export class LiveEventHub {
  private client: pg.Client | null = null;
  private closed = false;
  private reconnectDelayMs = 250;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private lastEventId = 0;
  private readonly dispatched = new Set<number>();
  private pending: number[] = [];
  private draining: Promise<void> | null = null;
  /** Staff who read every ticket, and the others by organization: an event is matched against its organization's only. */
  private readonly everyTicket = new Set<LiveListener>();
  private readonly byOrganization = new Map<string, Set<LiveListener>>();
  private readonly byUser = new Map<string, Set<LiveListener>>();

  /**
   * `connection`: where the LISTEN connection goes, a direct one when the queries go through a
   * transaction-mode pooler (DATABASE_DIRECT_URL), where a LISTEN would hear nothing.
   */
  constructor(
    private readonly db: Database,
    private readonly log: FastifyBaseLogger,
    private readonly connection: pg.ClientConfig = db.$client.options,
  ) {}

  get listenerCount(): number {
    let count = 0;
    for (const listeners of this.byUser.values()) count += listeners.size;
    return count;
  }

  /**
   * Listens from the latest event on. A database down at start does not keep the API from starting (it
   * answers 503 until the database is back): the listener keeps trying, as after a lost connection.
   */
  async start(): Promise<void> {
    try {
      this.lastEventId = await unsafeLatestEventId(privileged(this.db));
      await this.connect();
    } catch (error) {
      this.log.warn({ err: error }, 'live events: could not listen yet; retrying');
      this.lastEventId = unknownEventId;
      const client = this.client;
      this.client = null;
      await client?.end().catch(() => undefined);
      this.scheduleReconnect();
    }
  }

  /** Ends every stream (their clients reconnect, to another process), then the LISTEN connection. */
  endAll(reason: LiveStreamEnd): void {
    for (const listeners of [...this.byUser.values()]) {
      for (const listener of [...listeners]) listener.end(reason);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    this.endAll('server_closing');
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
    await this.draining;
  }

  add(listener: LiveListener): void {
    const { reader } = listener;
    addTo(this.byUser, reader.userId, listener);
    if (reader.ticketAudience === 'any') this.everyTicket.add(listener);
    else if (reader.organizationId) addTo(this.byOrganization, reader.organizationId, listener);
  }

  remove(listener: LiveListener): void {
    const { reader } = listener;
    removeFrom(this.byUser, reader.userId, listener);
    this.everyTicket.delete(listener);
    if (reader.organizationId) removeFrom(this.byOrganization, reader.organizationId, listener);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      ...this.connection,
      application_name: 'portals live events',
      // A connection that died silently (a network cut) is noticed and replaced, not waited on forever.
      keepAlive: true,
    });
    client.on('error', (error) => {
      this.log.warn({ err: error }, 'live events: the LISTEN connection failed');
      this.lost(client);
    });
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => this.notified(message.channel, message.payload));
    await client.connect();
    await client.query(
      `listen ${ticketEventsChannel}; listen ${sessionsEndedChannel}; listen ${ticketPresenceChannel}`,
    );
    this.client = client;
    this.reconnectDelayMs = 250;
  }

  private lost(client: pg.Client): void {
    if (this.closed || this.client !== client) return;
    this.client = null;
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    this.reconnectTimer = setTimeout(() => void this.reconnect(), this.reconnectDelayMs);
    this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, maxReconnectDelayMs);
  }

  /** Listens again, then sends what was committed meanwhile and ends streams whose session ended meanwhile. */
  private async reconnect(): Promise<void> {
    if (this.closed) return;
    try {
      await this.connect();
      const executor = privileged(this.db);
      // Never listened yet (the database was down at start): from the latest event on, as start would.
      if (this.lastEventId === unknownEventId) this.lastEventId = await unsafeLatestEventId(executor);
      else this.enqueue(await unsafeEventIdsAfter(executor, this.lastEventId));
      const userIds = [...this.byUser.keys()];
      if (userIds.length > 0) {
        for (const state of await unsafeSessionStates(executor, userIds)) {
          this.sessionChanged(state.id, state.active, state.sessionVersion);
        }
      }
      this.log.info('live events: listening again');
    } catch (error) {
      this.log.warn({ err: error }, 'live events: could not listen again; retrying');
      const client = this.client;
      this.client = null;
      await client?.end().catch(() => undefined);
      this.scheduleReconnect();
    }
  }

  private notified(channel: string, payload: string | undefined): void {
    try {
      const message = JSON.parse(payload ?? '') as Record<string, unknown>;
      if (channel === ticketEventsChannel && typeof message.id === 'number') this.enqueue([message.id]);
      if (channel === ticketPresenceChannel) this.presenceAnnounced(LiveTicketPresence.parse(message));
      if (channel === sessionsEndedChannel && typeof message.userId === 'string') {
        this.sessionChanged(message.userId, message.active === true, Number(message.sessionVersion));
      }
    } catch (error) {
      this.log.warn({ err: error, channel }, 'live events: a notification could not be read');
    }
  }

  /** Presence is staff's collision warning: it never reaches a contact, nor the person it is about. */
  private presenceAnnounced(presence: LiveTicketPresence): void {
    for (const listener of this.everyTicket) {
      if (listener.reader.userId !== presence.userId) listener.presence(presence);
    }
  }

  private sessionChanged(userId: string, active: boolean, sessionVersion: number): void {
    for (const listener of [...(this.byUser.get(userId) ?? [])]) {
      if (!active || listener.sessionVersion !== sessionVersion) listener.end('session_ended');
    }
  }

  private enqueue(ids: readonly number[]): void {
    this.pending.push(...ids.filter((id) => !this.dispatched.has(id)));
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
    });
  }

  /** One read per batch of notifications, however many clients; batches go out in order. */
  private async drain(): Promise<void> {
    // The notifications of one transaction (or one read from the socket) come in the same tick: one batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.pending.length > 0) {
      const ids = [...new Set(this.pending)].sort((a, b) => a - b);
      this.pending = [];
      for (const id of ids) this.remember(id);
      if (this.listenerCount === 0) continue;
      try {
        const events = await unsafeReadEventsWithAudience(privileged(this.db), ids);
        for (const { event, audience } of events) {
          const candidates = [
            ...this.everyTicket,
            ...(this.byOrganization.get(audience.organizationId) ?? []),
          ];
          for (const listener of candidates) {
            if (liveEventReaches(listener.reader, audience)) listener.deliver(event);
          }
        }
      } catch (error) {
        // Clients resuming with Last-Event-ID get them from the table; the live ones are lost here.
        this.log.error({ err: error, ids }, 'live events: events could not be read');
      }
    }
  }

  private remember(id: number): void {
    this.dispatched.add(id);
    if (this.dispatched.size > rememberedIds) {
      const oldest = this.dispatched.values().next().value;
      if (oldest !== undefined) this.dispatched.delete(oldest);
    }
    if (id > this.lastEventId) this.lastEventId = id;
  }
}

const addTo = <K, V>(map: Map<K, Set<V>>, key: K, value: V): void => {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
};

const removeFrom = <K, V>(map: Map<K, Set<V>>, key: K, value: V): void => {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
};
