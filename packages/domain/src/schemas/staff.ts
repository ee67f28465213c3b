import { z } from 'zod';
import { StaffRole } from '../enums';
import { PageQuery, pageOf } from './pagination';

/** A member of the vendor's staff, as colleagues see them (to assign a ticket, to know who is who). */
export const StaffMember = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  roles: z.array(StaffRole),
});
export type StaffMember = z.infer<typeof StaffMember>;

export const StaffMemberQuery = PageQuery.extend({
  /** `true`: only active staff who may be assigned tickets (who read and work every ticket). */
  assignable: z.enum(['true', 'false']).optional(),
});
export type StaffMemberQuery = z.infer<typeof StaffMemberQuery>;

export const StaffMemberPage = pageOf(StaffMember);
export type StaffMemberPage = z.infer<typeof StaffMemberPage>;
