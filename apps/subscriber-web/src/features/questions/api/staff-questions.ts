import type { ApiClient } from '@portals/api-client';
import {
  type HandOverQuestionRequest,
  type Question,
  type QuestionPage,
  type QuestionStatus,
  type QuestionTeam,
  questionEndpoints,
} from '@portals/domain';
import { useApiClient } from '@portals/web-ui';
import {
  infiniteQueryOptions,
  keepPreviousData,
  queryOptions,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';

/** Every staff read of questions (inbox, counts, threads) starts with this key. */
export const staffQuestionsQueryKey = ['staff', 'questions'] as const;

export interface StaffQuestionFilters {
  team?: QuestionTeam | undefined;
  status?: QuestionStatus | undefined;
}

/** GET /v1/staff/questions: one page of the inbox, oldest first. */
export const getStaffQuestions = (
  apiClient: ApiClient,
  filters: StaffQuestionFilters,
  { cursor, signal }: { cursor?: string | undefined; signal?: AbortSignal } = {},
): Promise<QuestionPage> =>
  apiClient.call(questionEndpoints.listForStaff, { query: { ...filters, cursor }, signal });

export const getStaffQuestionsQueryOptions = (apiClient: ApiClient, filters: StaffQuestionFilters) =>
  infiniteQueryOptions({
    queryKey: [...staffQuestionsQueryKey, 'list', filters],
    queryFn: ({ pageParam, signal }) => getStaffQuestions(apiClient, filters, { cursor: pageParam, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
  });

export const useStaffQuestions = (filters: StaffQuestionFilters) =>
  useInfiniteQuery({
    ...getStaffQuestionsQueryOptions(useApiClient(), filters),
    placeholderData: keepPreviousData,
  });

/** GET /v1/staff/questions/counts: per team served, open, answered and closed. */
export const getQuestionCountsQueryOptions = (apiClient: ApiClient) =>
  queryOptions({
    queryKey: [...staffQuestionsQueryKey, 'counts'],
    queryFn: ({ signal }) => apiClient.call(questionEndpoints.countForStaff, { signal }),
    // A customer's new question shows within a minute without a reload.
    refetchInterval: 60_000,
  });

export const useQuestionCounts = () => useQuery(getQuestionCountsQueryOptions(useApiClient()));

export const getStaffQuestionQueryOptions = (apiClient: ApiClient, questionId: string) =>
  queryOptions({
    queryKey: [...staffQuestionsQueryKey, 'one', questionId],
    queryFn: ({ signal }) =>
      apiClient.call(questionEndpoints.getForStaff, { params: { questionId }, signal }),
  });

export const useStaffQuestion = (questionId: string) =>
  useQuery(getStaffQuestionQueryOptions(useApiClient(), questionId));

const useStaffQuestionMutation = <Input>(run: (apiClient: ApiClient, input: Input) => Promise<Question>) => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: Input) => run(apiClient, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: staffQuestionsQueryKey }),
  });
};

/** POST /v1/staff/questions/:questionId/answers. */
export const useAnswerQuestion = (questionId: string) =>
  useStaffQuestionMutation((apiClient, body: string) =>
    apiClient.call(questionEndpoints.answer, { params: { questionId }, body: { body } }),
  );

/** POST /v1/staff/questions/:questionId/handover. */
export const useHandOverQuestion = (questionId: string) =>
  useStaffQuestionMutation((apiClient, request: HandOverQuestionRequest) =>
    apiClient.call(questionEndpoints.handOver, { params: { questionId }, body: request }),
  );

/** POST /v1/staff/questions/:questionId/close. */
export const useCloseQuestion = (questionId: string) =>
  useStaffQuestionMutation((apiClient, _: undefined) =>
    apiClient.call(questionEndpoints.close, { params: { questionId } }),
  );
