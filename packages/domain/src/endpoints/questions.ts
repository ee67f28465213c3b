import { z } from 'zod';
import { defineEndpoint } from '../endpoint';
import {
  CreateQuestionRequest,
  HandOverQuestionRequest,
  Question,
  QuestionCounts,
  QuestionMessageRequest,
  QuestionPage,
  QuestionQuery,
  StaffQuestionQuery,
} from '../schemas/question';

const QuestionParams = z.object({ questionId: z.uuid() });

/** Questions of the Subscriber Portal's contacts, each a thread routed to a staff team. */
export const questionEndpoints = {
  create: defineEndpoint({
    method: 'POST',
    path: '/v1/questions',
    idempotent: true,
    body: CreateQuestionRequest,
    response: { 201: Question },
    // Only a question about invoicing and billing names an invoice or a subscription.
    examples: {
      request: {
        topic: 'invoicing_billing',
        subject: 'Invoice INV-2026-0311 counts 40 servers, we have 32',
        body: 'Our subscription was reduced to 32 servers in October; the November invoice still counts 40.',
        invoiceId: '7d3f1b52-9c4e-4a8f-b1d2-5e6f7a8b9c0d',
      },
    },
    access: { permission: 'question:ask:org' },
    tags: ['questions'],
    summary: 'Ask a question about services, partner programs, or invoicing and billing',
    description:
      "The question goes to its topic's team. A billing question may name one invoice or subscription " +
      'of your organization.',
  }),
  list: defineEndpoint({
    method: 'GET',
    path: '/v1/questions',
    query: QuestionQuery,
    response: { 200: QuestionPage },
    access: { permission: 'question:read:org' },
    tags: ['questions'],
    summary: "Your organization's questions, newest first",
  }),
  get: defineEndpoint({
    method: 'GET',
    path: '/v1/questions/:questionId',
    params: QuestionParams,
    response: { 200: Question },
    access: { permission: 'question:read:org' },
    tags: ['questions'],
    summary: 'One question of your organization, with its thread',
  }),
  addMessage: defineEndpoint({
    method: 'POST',
    path: '/v1/questions/:questionId/messages',
    idempotent: true,
    params: QuestionParams,
    body: QuestionMessageRequest,
    response: { 201: Question },
    access: { permission: 'question:ask:org' },
    tags: ['questions'],
    summary: 'Add a follow-up to an open or answered question (it then waits on staff again)',
    description: 'A closed question answers 409: ask a new one.',
  }),
  listForStaff: defineEndpoint({
    method: 'GET',
    path: '/v1/staff/questions',
    query: StaffQuestionQuery,
    response: { 200: QuestionPage },
    access: { permission: 'question:read:any' },
    tags: ['back office'],
    summary: 'The questions of the teams you serve, oldest first',
  }),
  countForStaff: defineEndpoint({
    method: 'GET',
    path: '/v1/staff/questions/counts',
    response: { 200: QuestionCounts },
    access: { permission: 'question:read:any' },
    tags: ['back office'],
    summary: 'Per team you serve: questions open, answered and closed',
  }),
  getForStaff: defineEndpoint({
    method: 'GET',
    path: '/v1/staff/questions/:questionId',
    params: QuestionParams,
    response: { 200: Question },
    access: { permission: 'question:read:any' },
    tags: ['back office'],
    summary: 'One question of a team you serve, with its thread',
  }),
  answer: defineEndpoint({
    method: 'POST',
    path: '/v1/staff/questions/:questionId/answers',
    idempotent: true,
    params: QuestionParams,
    body: QuestionMessageRequest,
    response: { 201: Question },
    access: { permission: 'question:answer:any' },
    tags: ['back office'],
    summary: 'Answer a question: the asker and the main contact are emailed',
    description: 'A closed question answers 409.',
  }),
  handOver: defineEndpoint({
    method: 'POST',
    path: '/v1/staff/questions/:questionId/handover',
    params: QuestionParams,
    body: HandOverQuestionRequest,
    response: { 200: Question },
    access: { permission: 'question:answer:any' },
    tags: ['back office'],
    summary: 'Hand a question to another team',
    description: 'The team it is with already, or a closed question, answers 409.',
  }),
  close: defineEndpoint({
    method: 'POST',
    path: '/v1/staff/questions/:questionId/close',
    params: QuestionParams,
    response: { 200: Question },
    access: { permission: 'question:answer:any' },
    tags: ['back office'],
    summary: 'Close a question: nothing more is added to it',
    description: 'A question already closed answers 409.',
  }),
};
