/** Every staff-ticket query starts with this key, so a change invalidates what it may have altered. */
export const staffTicketsKey = ['staff-tickets'] as const;
export const cannedRepliesKey = ['canned-replies'] as const;
