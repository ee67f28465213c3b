/** Types of verify-webhook.mjs, for the TypeScript tests that import it. */
export function createWebhookVerifier(
  secret: string,
  options?: { toleranceSeconds?: number },
): (
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
  nowSeconds?: number,
) => { id: string; type: string; createdAt: string; data: Record<string, unknown> };
