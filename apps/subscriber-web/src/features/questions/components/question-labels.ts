import type { QuestionStatus, QuestionTeam, QuestionTopic } from '@portals/domain';

export const questionTopicLabels: Record<QuestionTopic, string> = {
  services: 'Services',
  partner_programs: 'Partner programs',
  invoicing_billing: 'Invoicing and billing',
};

export const questionTeamLabels: Record<QuestionTeam, string> = {
  account_management: 'Account management',
  partner_management: 'Partner management',
  billing: 'Billing',
};

/** As the contact reads it: whose turn it is. */
export const questionStatusLabels: Record<QuestionStatus, string> = {
  open: 'Waiting for our answer',
  answered: 'Answered',
  closed: 'Closed',
};

/** As staff read it. */
export const staffQuestionStatusLabels: Record<QuestionStatus, string> = {
  open: 'Open (waiting on us)',
  answered: 'Answered (waiting on the customer)',
  closed: 'Closed',
};
