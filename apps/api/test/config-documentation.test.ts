import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configVariables, repoRoot } from '../src/config';

/** The variables named in the first column of the README's configuration table. */
const readmeVariables = (): string[] => {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const section = readme.split(/^## Configuration$/m)[1]?.split(/^## /m)[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) =>
      [...(line.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((match) => match[1] ?? ''),
    );
};

/** What Turborepo's strict environment mode lets through to `pnpm dev`. */
const devPassThrough = (): string[] => {
  const turbo = JSON.parse(readFileSync(path.join(repoRoot, 'turbo.json'), 'utf8')) as {
    globalPassThroughEnv?: string[];
    tasks: Record<string, { passThroughEnv?: string[]; envMode?: string }>;
  };
  return [...(turbo.globalPassThroughEnv ?? []), ...(turbo.tasks.dev?.passThroughEnv ?? [])];
};

describe('configuration documentation', () => {
  const variables = configVariables();

  it('reads the variables from the schema itself', () => {
    expect(variables).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'JWT_SECRET', 'RATE_LIMITS']));
  });

  it('lists every variable the code reads in the README, and nothing it does not read', () => {
    const documented = readmeVariables();
    expect(variables.filter((variable) => !documented.includes(variable))).toEqual([]);
    expect(documented.filter((variable) => !variables.includes(variable))).toEqual([]);
  });

  it('passes every variable through to `pnpm dev`', () => {
    const passed = devPassThrough();
    expect(variables.filter((variable) => !passed.includes(variable))).toEqual([]);
  });
});
