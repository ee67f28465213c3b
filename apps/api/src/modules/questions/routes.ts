import { questionEndpoints } from '@portals/domain';
import type { FastifyPluginAsync } from 'fastify';
import { registerEndpoint } from '../../lib/endpoint';
import { requireActor } from '../../lib/require-actor';
import {
  addFollowUp,
  answerQuestion,
  askQuestion,
  closeQuestion,
  countQuestionsForStaff,
  getOwnQuestion,
  getQuestionForStaff,
  handOverQuestion,
  listOwnQuestions,
  listQuestionsForStaff,
} from './service';

/** Contacts' questions, each a thread routed to a staff team; the teams' inboxes. */
export const questionRoutes: FastifyPluginAsync = async (app) => {
  const deps = { db: app.db, config: app.config };

  registerEndpoint(app, questionEndpoints.create, async (request) =>
    askQuestion(deps, requireActor(request), request.body, request.context, request.idempotency),
  );
  registerEndpoint(app, questionEndpoints.list, async (request) =>
    listOwnQuestions(app.db, requireActor(request), request.query),
  );
  registerEndpoint(app, questionEndpoints.get, async (request) =>
    getOwnQuestion(app.db, requireActor(request), request.params.questionId),
  );
  registerEndpoint(app, questionEndpoints.addMessage, async (request) =>
    addFollowUp(
      app.db,
      requireActor(request),
      request.params.questionId,
      request.body.body,
      request.context,
      request.idempotency,
    ),
  );
  registerEndpoint(app, questionEndpoints.listForStaff, async (request) =>
    listQuestionsForStaff(app.db, requireActor(request), request.query),
  );
  registerEndpoint(app, questionEndpoints.countForStaff, async (request) =>
    countQuestionsForStaff(app.db, requireActor(request)),
  );
  registerEndpoint(app, questionEndpoints.getForStaff, async (request) =>
    getQuestionForStaff(app.db, requireActor(request), request.params.questionId),
  );
  registerEndpoint(app, questionEndpoints.answer, async (request) =>
    answerQuestion(
      deps,
      requireActor(request),
      request.params.questionId,
      request.body.body,
      request.context,
      request.idempotency,
    ),
  );
  registerEndpoint(app, questionEndpoints.handOver, async (request) =>
    handOverQuestion(app.db, requireActor(request), request.params.questionId, request.body, request.context),
  );
  registerEndpoint(app, questionEndpoints.close, async (request) =>
    closeQuestion(app.db, requireActor(request), request.params.questionId, request.context),
  );
};
