import type { ApiClient } from '@portals/api-client';
import {
  type CreateQuestionRequest,
  type Question,
  type QuestionPage,
  type QuestionStatus,
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

/** Every contact read of questions (lists and threads) sits under this key: a change refreshes them all. */
export const questionsQueryKey = ['questions'] as const;

/** GET /v1/questions: one page of the organization's questions, newest first. */
export const getQuestions = (
  apiClient: ApiClient,
  status: QuestionStatus | undefined,
  { cursor, signal }: { cursor?: string | undefined; signal?: AbortSignal } = {},
): Promise<QuestionPage> => apiClient.call(questionEndpoints.list, { query: { status, cursor }, signal });

export const getQuestionsQueryOptions = (apiClient: ApiClient, status: QuestionStatus | undefined) =>
  infiniteQueryOptions({
    queryKey: [...questionsQueryKey, 'list', status ?? 'any'],
    queryFn: ({ pageParam, signal }) => getQuestions(apiClient, status, { cursor: pageParam, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
  });

export const useQuestions = (status: QuestionStatus | undefined) =>
  useInfiniteQuery({
    ...getQuestionsQueryOptions(useApiClient(), status),
    placeholderData: keepPreviousData,
  });

/** GET /v1/questions/:questionId: one question with its thread. */
export const getQuestionQueryOptions = (apiClient: ApiClient, questionId: string) =>
  queryOptions({
    queryKey: [...questionsQueryKey, 'one', questionId],
    queryFn: ({ signal }) => apiClient.call(questionEndpoints.get, { params: { questionId }, signal }),
  });

export const useQuestion = (questionId: string) =>
  useQuery(getQuestionQueryOptions(useApiClient(), questionId));

/** POST /v1/questions. */
export const useAskQuestion = () => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: CreateQuestionRequest): Promise<Question> =>
      apiClient.call(questionEndpoints.create, { body: request }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: questionsQueryKey }),
  });
};

/** POST /v1/questions/:questionId/messages: the contact's follow-up. */
export const useFollowUp = (questionId: string) => {
  const apiClient = useApiClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: string): Promise<Question> =>
      apiClient.call(questionEndpoints.addMessage, { params: { questionId }, body: { body } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: questionsQueryKey }),
  });
};
