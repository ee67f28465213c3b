/** What a person typed into "Open a ticket", kept across a reload; the files are not (a browser cannot). */
export interface TicketDraft<Values> {
  values: Values;
  /** Made once per draft: every attempt to send this draft (a retry, a second click) sends the same key. */
  idempotencyKey: string;
}

// Per person: someone else signing in on the same browser does not find another's draft.
const draftKey = (userId: string) => `support.ticket-draft.${userId}`;

export const newIdempotencyKey = (): string => crypto.randomUUID();

export const readTicketDraft = <Values>(userId: string): TicketDraft<Values> | null => {
  try {
    const stored = localStorage.getItem(draftKey(userId));
    if (!stored) return null;
    const draft = JSON.parse(stored) as Partial<TicketDraft<Values>>;
    if (typeof draft.idempotencyKey !== 'string' || typeof draft.values !== 'object' || !draft.values)
      return null;
    return draft as TicketDraft<Values>;
  } catch {
    // Storage switched off or a damaged entry: start a new draft.
    return null;
  }
};

export const saveTicketDraft = <Values>(userId: string, draft: TicketDraft<Values>): void => {
  try {
    localStorage.setItem(draftKey(userId), JSON.stringify(draft));
  } catch {
    // Storage full or switched off: the draft just does not survive a reload.
  }
};

export const clearTicketDraft = (userId: string): void => {
  try {
    localStorage.removeItem(draftKey(userId));
  } catch {
    // Nothing to clear.
  }
};
