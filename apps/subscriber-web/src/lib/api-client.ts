import { createApiClient } from '@portals/api-client';
import { config } from '../config';

export const apiClient = createApiClient({ baseUrl: config.apiBaseUrl });
