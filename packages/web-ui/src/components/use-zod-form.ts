import { zodResolver } from '@hookform/resolvers/zod';
import { isApiError } from '@portals/api-client';
import {
  type DefaultValues,
  type FieldPath,
  type FieldValues,
  get,
  type Resolver,
  type UseFormReturn,
  useForm,
} from 'react-hook-form';
import { z } from 'zod';

/** A fixed message, or one worded from what the person typed. */
type FieldMessage = string | ((value: unknown) => string | undefined);

export interface UseZodFormOptions<Values> {
  /**
   * The page's words for a field the schema refused ("Enter your password."), by field name. The rule
   * stays the schema's; only what the person reads is the page's.
   */
  messages?: Partial<Record<FieldPath<Values & FieldValues>, FieldMessage>>;
}

/**
 * A react-hook-form form checked by a zod schema, normally the domain's request schema, so a form
 * never re-writes the API's rules by hand. Submitting focuses the first field the schema refused.
 */
export function useZodForm<Schema extends z.ZodType<FieldValues, FieldValues>>(
  schema: Schema,
  defaultValues: DefaultValues<z.input<Schema>>,
  { messages }: UseZodFormOptions<z.input<Schema>> = {},
): UseFormReturn<z.input<Schema>, unknown, z.output<Schema>> {
  const schemaResolver = zodResolver(schema) as unknown as Resolver<
    z.input<Schema>,
    unknown,
    z.output<Schema>
  >;
  const resolver: Resolver<z.input<Schema>, unknown, z.output<Schema>> = async (values, context, options) => {
    const result = await schemaResolver(values, context, options);
    if (!messages) return result;
    for (const [name, message] of Object.entries(messages as Record<string, FieldMessage | undefined>)) {
      const error: { message?: string } | undefined = get(result.errors, name);
      if (!error || message === undefined) continue;
      error.message = (typeof message === 'string' ? message : message(get(values, name))) ?? error.message;
    }
    return result;
  };
  return useForm<z.input<Schema>, unknown, z.output<Schema>>({ resolver, defaultValues, mode: 'onSubmit' });
}

/**
 * Puts the API's field errors (problem+json `errors`, paths like `body.email`) on the form's fields, so
 * each shows next to its field. Returns whether any did; the rest stays for the form's own summary.
 */
export function setServerFieldErrors<Values extends FieldValues>(
  form: Pick<UseFormReturn<Values, unknown, FieldValues>, 'setError' | 'getValues'>,
  error: unknown,
  {
    prefix = 'body.',
    renamed = {},
  }: {
    /** Where the form's values sit in the request: its body, usually. */
    prefix?: string;
    /** The form's name for a field the API calls otherwise. */
    renamed?: Record<string, string>;
  } = {},
): boolean {
  if (!isApiError(error)) return false;
  const values = form.getValues() as Record<string, unknown>;
  let placed = false;
  for (const fieldError of error.fieldErrors) {
    if (!fieldError.path.startsWith(prefix)) continue;
    const apiName = fieldError.path.slice(prefix.length);
    const [first = apiName, ...rest] = apiName.split('.');
    const name = [renamed[first] ?? first, ...rest].join('.');
    // Only fields the form has: an error about a value the person never typed stays in the summary.
    if (!((name.split('.')[0] ?? name) in values)) continue;
    form.setError(name as FieldPath<Values>, { type: 'server', message: fieldError.message });
    placed = true;
  }
  return placed;
}

/**
 * An optional text of a domain schema, as a form field holds it: an empty field is a value not given,
 * not an empty one the schema would refuse.
 */
export const blankAsMissing = <Output>(schema: z.ZodType<Output, string | undefined>) =>
  z
    .string()
    .transform((value) => (value.trim() === '' ? undefined : value))
    .pipe(schema);
