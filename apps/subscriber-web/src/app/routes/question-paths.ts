/** Contacts' questions. */
export const questionsPath = '/questions';
export const newQuestionPath = `${questionsPath}/new`;
export const questionPath = (questionId: string) => `${questionsPath}/${encodeURIComponent(questionId)}`;
/** The new-question form about one invoice (the invoice page's "Ask a question about this invoice"). */
export const newQuestionAboutInvoicePath = (invoiceId: string) =>
  `${newQuestionPath}?invoiceId=${encodeURIComponent(invoiceId)}`;

/** The staff teams' inbox. */
export const staffQuestionsPath = '/back-office/questions';
export const staffQuestionPath = (questionId: string) =>
  `${staffQuestionsPath}/${encodeURIComponent(questionId)}`;
