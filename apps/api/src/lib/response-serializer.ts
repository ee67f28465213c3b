import type { FastifySerializerCompiler } from 'fastify';
import { ResponseSerializationError } from 'fastify-type-provider-zod';
import { type $ZodType, safeEncode } from 'zod/v4/core';

/**
 * Responses as their contract says: only the fields of the endpoint's response schema leave, whatever
 * else the handler's object holds. Compiled once per route from the schema into a projection (keep
 * these keys, map this array, pick this union member by its discriminator), then `JSON.stringify`.
 *
 * It does not validate again what the handler built: TypeScript already holds handlers to the schema,
 * and re-checking every id against a regular expression and every date's format was a tenth of a list
 * route's CPU (docs/decisions/022). Under `validate` (the tests), each response is also checked by the
 * schema and a mismatch fails as it would have, so a contract drift still shows.
 */

type Projection = (value: unknown) => unknown;

interface SchemaDefinition {
  type: string;
  shape?: Record<string, $ZodType>;
  catchall?: $ZodType;
  element?: $ZodType;
  innerType?: $ZodType;
  options?: $ZodType[];
  discriminator?: string;
  valueType?: $ZodType;
  values?: unknown[];
}

const definitionOf = (schema: $ZodType): SchemaDefinition =>
  (schema as unknown as { _zod: { def: SchemaDefinition } })._zod.def;

const identity: Projection = (value) => value;

/** Values the projection cannot shape itself (codecs, plain unions): the schema encodes them. */
const encodedBy =
  (schema: $ZodType): Projection =>
  (value) => {
    const result = safeEncode(schema, value);
    if (result.error) throw result.error;
    return result.data;
  };

const primitiveTypes = new Set([
  'string',
  'number',
  'int',
  'boolean',
  'bigint',
  'null',
  'literal',
  'enum',
  'template_literal',
  'any',
  'unknown',
  'date',
]);

/** The projection of a discriminated union: the member whose discriminator's literal the value holds. */
const discriminatedProjection = (schema: $ZodType, definition: SchemaDefinition): Projection => {
  const key = definition.discriminator ?? '';
  const members = new Map<unknown, Projection>();
  for (const option of definition.options ?? []) {
    const literal = definitionOf(option).shape?.[key];
    const values = literal ? definitionOf(literal).values : undefined;
    if (!values) return encodedBy(schema);
    const projection = compileProjection(option);
    for (const value of values) members.set(value, projection);
  }
  const fallback = encodedBy(schema);
  return (value) => {
    const member =
      typeof value === 'object' && value !== null
        ? members.get((value as Record<string, unknown>)[key])
        : undefined;
    return member ? member(value) : fallback(value);
  };
};

export const compileProjection = (schema: $ZodType): Projection => {
  const definition = definitionOf(schema);
  switch (definition.type) {
    case 'object': {
      const catchall = definition.catchall ? definitionOf(definition.catchall).type : 'never';
      // A loose or catch-all object keeps keys the schema does not name: the schema decides those.
      if (catchall !== 'never') return encodedBy(schema);
      const fields = Object.entries(definition.shape ?? {}).map(
        ([key, field]) => [key, compileProjection(field)] as const,
      );
      return (value) => {
        if (typeof value !== 'object' || value === null) return value;
        const source = value as Record<string, unknown>;
        const projected: Record<string, unknown> = {};
        for (const [key, project] of fields) {
          const field = source[key];
          if (field !== undefined) projected[key] = project(field);
        }
        return projected;
      };
    }
    case 'array': {
      const element = definition.element ? compileProjection(definition.element) : identity;
      if (element === identity) return identity;
      return (value) => (Array.isArray(value) ? value.map(element) : value);
    }
    case 'record': {
      const entry = definition.valueType ? compileProjection(definition.valueType) : identity;
      if (entry === identity) return identity;
      return (value) => {
        if (typeof value !== 'object' || value === null) return value;
        const projected: Record<string, unknown> = {};
        for (const [key, field] of Object.entries(value)) projected[key] = entry(field);
        return projected;
      };
    }
    case 'nullable':
    case 'optional':
    case 'readonly':
    case 'nonoptional': {
      const inner = definition.innerType ? compileProjection(definition.innerType) : identity;
      if (inner === identity) return identity;
      return (value) => (value === null || value === undefined ? value : inner(value));
    }
    case 'union': {
      if (definition.discriminator) return discriminatedProjection(schema, definition);
      // A union of plain values (a severity: 1, 2, 3 or 4) is written as it is; encoding it by the
      // schema tried each member in turn, about 1 µs a value, on every row of a list.
      const options = definition.options ?? [];
      const plain = options.length > 0 && options.every((option) => compileProjection(option) === identity);
      return plain ? identity : encodedBy(schema);
    }
    default:
      return primitiveTypes.has(definition.type) ? identity : encodedBy(schema);
  }
};

const resolveSchema = (schema: unknown): $ZodType => {
  const candidate = schema as { properties?: unknown; _zod?: unknown };
  if (candidate._zod) return schema as $ZodType;
  if (candidate.properties && (candidate.properties as { _zod?: unknown })._zod) {
    return candidate.properties as $ZodType;
  }
  throw new Error(`A response schema that is not a zod schema: ${JSON.stringify(schema)}`);
};

/** Fastify's serializer compiler: each route's response schema, compiled once. */
export const contractSerializerCompiler =
  (options: { validate: boolean }): FastifySerializerCompiler<unknown> =>
  ({ schema, method, url }) => {
    const zodSchema = resolveSchema(schema);
    const project = compileProjection(zodSchema);
    return (data: unknown) => {
      if (options.validate) {
        const checked = safeEncode(zodSchema, data);
        if (checked.error) throw new ResponseSerializationError(method, url, { cause: checked.error });
      }
      return JSON.stringify(project(data));
    };
  };
