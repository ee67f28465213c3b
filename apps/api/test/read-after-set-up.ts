/** What a `beforeAll` fills in for a describe block: empty until it has run. */
export type SetUpState<T> = { -readonly [K in keyof T]?: T[K] };

/**
 * A view of `state` for tests and later hooks. Reading a value before the `beforeAll` that sets
 * it has run (at collection time, say) throws, naming `owner`, instead of handing out undefined.
 */
export const readAfterSetUp = <T extends object>(
  owner: string,
  state: SetUpState<T>,
  keys: readonly (keyof T & string)[],
): T => {
  const view = {};
  for (const key of keys) {
    Object.defineProperty(view, key, {
      enumerable: true,
      get: () => {
        const value = state[key];
        if (value === undefined) {
          throw new Error(
            `${owner}: ${key} is read before its beforeAll ran (read it inside a test or hook)`,
          );
        }
        return value;
      },
    });
  }
  return view as T;
};
