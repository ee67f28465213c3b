/** A JSON Schema (2020-12, as the OpenAPI document holds it), read loosely. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** Thrown when no value the generator knows fits a schema: the definition then needs a hand-written example. */
export class NoExampleError extends Error {}

const sha256OfNothing = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Values a string takes by its format: plausible, fixed (the document is the same on every build). */
const stringByFormat: Record<string, string> = {
  uuid: '7d3f1b52-9c4e-4a8f-b1d2-5e6f7a8b9c0d',
  'date-time': '2026-11-02T09:30:00.000Z',
  date: '2026-11-02',
  email: 'tara@acme.example',
  uri: 'https://portals.example/example',
  url: 'https://portals.example/example',
  starts_with: '/v1/tickets',
};

/** Tried in order against a pattern the format does not settle. */
const patternCandidates = [
  'example',
  'EUR',
  '123456',
  '2026-11',
  sha256OfNothing,
  'example-key-1',
  '2026-11-02',
  '2026-11-02T09:30:00.000Z',
];

const isSchema = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const fitLength = (text: string, schema: JsonSchema): string => {
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
  let fitted = text;
  while (fitted.length < min) fitted += text;
  return fitted.slice(0, Math.max(min, Math.min(max, fitted.length)));
};

const exampleString = (schema: JsonSchema, where: string): string => {
  const byFormat = typeof schema.format === 'string' ? stringByFormat[schema.format] : undefined;
  if (typeof schema.pattern !== 'string') return byFormat ?? fitLength('example', schema);
  const pattern = new RegExp(schema.pattern, 'u');
  const fitting = [byFormat, ...patternCandidates]
    .filter((candidate): candidate is string => candidate !== undefined)
    .map((candidate) => fitLength(candidate, schema))
    .find((candidate) => pattern.test(candidate));
  if (fitting === undefined)
    throw new NoExampleError(`No example fits the pattern ${schema.pattern} at ${where}`);
  return fitting;
};

const exampleNumber = (schema: JsonSchema): number => {
  const integer = schema.type === 'integer';
  let value = integer ? 1 : 1.5;
  if (typeof schema.minimum === 'number') value = Math.max(value, schema.minimum);
  if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum)
    value = schema.exclusiveMinimum + 1;
  if (typeof schema.maximum === 'number') value = Math.min(value, schema.maximum);
  if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum)
    value = schema.exclusiveMaximum - 1;
  if (typeof schema.multipleOf === 'number') value = Math.ceil(value / schema.multipleOf) * schema.multipleOf;
  return value;
};

/**
 * An example value of a JSON Schema, generated deterministically: `example`/`examples`, `const` and
 * `enum` first, the first non-null member of a union, every property of an object, one item of an
 * array (or `minItems`), strings by their format and lengths (a pattern is checked), numbers within
 * their bounds. `resolve` reads a `$ref`. Throws NoExampleError when it knows no value that fits.
 */
export const exampleFromSchema = (
  schema: JsonSchema,
  resolve: (reference: string) => JsonSchema,
  where = '#',
  depth = 0,
): unknown => {
  if (depth > 12) throw new NoExampleError(`The schema at ${where} nests too deep for an example`);
  const next = (inner: unknown, path: string): unknown =>
    exampleFromSchema(isSchema(inner) ? inner : {}, resolve, path, depth + 1);
  if (typeof schema.$ref === 'string') return next(resolve(schema.$ref), where);
  if ('example' in schema) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const union = (schema.anyOf ?? schema.oneOf) as unknown[] | undefined;
  if (Array.isArray(union)) {
    const member = union.find((candidate) => isSchema(candidate) && candidate.type !== 'null') ?? union[0];
    return next(member, where);
  }
  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf.map((part, index) => next(part, `${where}/allOf/${index}`));
    return parts.every((part) => isSchema(part)) ? Object.assign({}, ...parts) : parts.at(-1);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((name) => name !== 'null') : schema.type;
  switch (type) {
    case 'null':
      return null;
    case 'boolean':
      return true;
    case 'integer':
    case 'number':
      return exampleNumber(schema);
    case 'string':
      return exampleString(schema, where);
    case 'array': {
      if (Array.isArray(schema.prefixItems)) {
        return schema.prefixItems.map((item, index) => next(item, `${where}/prefixItems/${index}`));
      }
      const count = Math.max(1, typeof schema.minItems === 'number' ? schema.minItems : 1);
      const limit = typeof schema.maxItems === 'number' ? schema.maxItems : count;
      return Array.from({ length: Math.min(count, limit) }, () => next(schema.items, `${where}/items`));
    }
    case 'object': {
      const example: Record<string, unknown> = {};
      const properties = isSchema(schema.properties) ? schema.properties : {};
      for (const [name, property] of Object.entries(properties)) {
        example[name] = next(property, `${where}/properties/${name}`);
      }
      // A record over a closed set of keys (zod's z.record(enum, …)): each key.
      const keys = isSchema(schema.propertyNames) ? schema.propertyNames.enum : undefined;
      if (Array.isArray(keys) && isSchema(schema.additionalProperties)) {
        for (const key of keys) {
          if (typeof key === 'string' && !(key in example)) {
            example[key] = next(schema.additionalProperties, `${where}/additionalProperties`);
          }
        }
      } else if (Object.keys(properties).length === 0 && isSchema(schema.additionalProperties)) {
        const key = isSchema(schema.propertyNames)
          ? String(next(schema.propertyNames, `${where}/propertyNames`))
          : 'example';
        example[key] = next(schema.additionalProperties, `${where}/additionalProperties`);
      }
      return example;
    }
    default:
      // Any value: the schema says nothing about it.
      return 'example';
  }
};
