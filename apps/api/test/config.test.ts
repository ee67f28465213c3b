import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';

const apiRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('configuration', () => {
  it('names every bad variable at once', () => {
    let thrown: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://db/portals',
        SMTP_URL: 'mail.example',
        LOG_LEVEL: 'loud',
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const variables = (thrown as ConfigError).problems.map((problem) => problem.split(':')[0]);
    expect(variables.sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT', 'SMTP_URL']);
  });

  it('requires a JWT secret and a real database in production, alongside other problems', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', PORT: 'x' })).toThrow(
      /PORT[\s\S]*JWT_SECRET[\s\S]*DATABASE_URL[\s\S]*PUBLIC_URL/,
    );
  });

  it('refuses production without an https public address, where the refresh cookie would not be Secure', () => {
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: 'a-production-secret-of-at-least-32-characters',
      DATABASE_URL: 'postgres://db.example/portals',
      TOTP_ENCRYPTION_KEYS: 'a-production-totp-key-of-at-least-32-characters',
    };
    expect(() => loadConfig(production)).toThrow(/PUBLIC_URL/);
    expect(() => loadConfig({ ...production, PUBLIC_URL: 'http://portals.example' })).toThrow(
      /PUBLIC_URL: must be an https/,
    );
    const config = loadConfig({ ...production, PUBLIC_URL: 'https://portals.example' });
    expect(config.secureCookies).toBe(true);
  });

  it('starts from sensible defaults with no variables at all', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.smtpUrl).toBeUndefined();
  });

  it('refuses to start the server on a bad configuration, listing what is wrong', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: apiRoot,
      env: { PATH: process.env.PATH, PORT: '-1', SMTP_URL: 'not a url', NODE_ENV: 'staging' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Refusing to start');
    for (const variable of ['PORT', 'SMTP_URL', 'NODE_ENV']) expect(result.stderr).toContain(`${variable}:`);
  });
});
