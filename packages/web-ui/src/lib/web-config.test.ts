import { describe, expect, it } from 'vitest';
import { parseWebConfig } from './web-config';

describe('parseWebConfig', () => {
  it('serves the API from the same origin by default and routes under the base path', () => {
    expect(parseWebConfig({ BASE_URL: '/support/' })).toEqual({
      basePath: '/support',
      apiBaseUrl: '',
      portalUrls: { support: '/support', subscriber: '/subscriber' },
    });
  });

  it('accepts an absolute API address and drops its trailing slash', () => {
    expect(parseWebConfig({ BASE_URL: '/', VITE_API_BASE_URL: 'https://api.example.com/' })).toMatchObject({
      basePath: '/',
      apiBaseUrl: 'https://api.example.com',
    });
  });

  it('refuses an API address that is not an http(s) URL, naming the setting', () => {
    expect(() => parseWebConfig({ BASE_URL: '/', VITE_API_BASE_URL: 'api.example.com' })).toThrow(
      /VITE_API_BASE_URL/,
    );
  });

  it("finds the other portal where it is told (pnpm dev's servers), else beside this one", () => {
    expect(
      parseWebConfig({
        BASE_URL: '/subscriber/',
        VITE_SUPPORT_PORTAL_URL: 'http://localhost:5173/support/',
      }).portalUrls,
    ).toEqual({ support: 'http://localhost:5173/support', subscriber: '/subscriber' });
    expect(() => parseWebConfig({ BASE_URL: '/', VITE_SUBSCRIBER_PORTAL_URL: 'subscriber' })).toThrow(
      /VITE_SUBSCRIBER_PORTAL_URL/,
    );
  });
});
