import type { ApiClient } from '@portals/api-client';
import { maxPageSize, type StaffMember, staffEndpoints } from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import { queryOptions, useQuery } from '@tanstack/react-query';

/** Enough for any support team; a directory beyond it is cut there rather than fetched for ever. */
const maxPages = 20;

/** GET /v1/staff/members?assignable=true, every page: whom a ticket can be assigned to, by name. */
export const getAssignableStaff = async (
  apiClient: ApiClient,
  signal?: AbortSignal,
): Promise<StaffMember[]> => {
  const members: StaffMember[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < maxPages; page += 1) {
    const answer = await apiClient.call(staffEndpoints.listMembers, {
      query: { assignable: 'true', limit: maxPageSize, cursor },
      signal,
    });
    members.push(...answer.items);
    if (!answer.nextCursor) break;
    cursor = answer.nextCursor;
  }
  return members;
};

export const getAssignableStaffQueryOptions = (apiClient: ApiClient) =>
  queryOptions({
    queryKey: ['staff-members', 'assignable'],
    queryFn: ({ signal }) => getAssignableStaff(apiClient, signal),
    staleTime: 5 * 60_000,
  });

export const useAssignableStaff = () => useQuery(getAssignableStaffQueryOptions(useApiClient()));
