/** Contacts' statements. */
export const statementsPath = '/statements';
export const statementPath = (statementId: string) => `${statementsPath}/${encodeURIComponent(statementId)}`;

/** A statement as billing staff open it, from an organization's page. */
export const staffStatementPath = (statementId: string) =>
  `/back-office/statements/${encodeURIComponent(statementId)}`;

/** What every organization owes, for billing staff. */
export const receivablesPath = '/back-office/receivables';
