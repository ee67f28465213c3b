/** The pages every portal has, relative to its base path. */
export const paths = {
  home: '/',
  signIn: '/sign-in',
  forgotPassword: '/forgot-password',
  setPassword: '/set-password',
  account: '/account',
  apiTokens: '/account/api-tokens',
} as const;
