import { z } from 'zod';

export const maxPageSize = 100;

/** Keyset pagination: pass back `nextCursor` to read the next page. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(maxPageSize).default(25),
  cursor: z.string().min(1).max(200).optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable(),
  });
