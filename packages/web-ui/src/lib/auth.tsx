import { type ApiClient, type SessionManager, type SessionState, signOutReasons } from '@portals/api-client';
import { actorFromMe, can, type Me, type OwnedResource, type Permission } from '@portals/domain';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useSyncExternalStore } from 'react';
import { z } from 'zod';

const SessionContext = createContext<SessionManager | null>(null);

/** Forgets every cached answer when the signed-in person changes, so nobody sees the previous one's data. */
export function SessionProvider({ session, children }: { session: SessionManager; children: ReactNode }) {
  const queryClient = useQueryClient();
  useEffect(() => {
    const signedInUserId = () => {
      const state = session.getState();
      return state.status === 'signed-in' ? state.me.id : null;
    };
    let userId = signedInUserId();
    return session.subscribe(() => {
      const nextUserId = signedInUserId();
      if (userId !== null && nextUserId !== userId) queryClient.removeQueries();
      userId = nextUserId;
    });
  }, [session, queryClient]);
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

/** Signs in and out; see `createSessionManager`. */
export const useSessionManager = (): SessionManager => {
  const session = useContext(SessionContext);
  if (session === null) throw new Error('useSessionManager must be used inside <AppProviders>');
  return session;
};

/** The portal's API client: it sends the access token and renews it when the API refuses it. */
export const useApiClient = (): ApiClient => useSessionManager().apiClient;

/** Restoring, signed in (with who), or signed out (with why); re-renders on every change. */
export const useSession = (): SessionState => {
  const session = useSessionManager();
  return useSyncExternalStore(session.subscribe, session.getState);
};

/** Who is signed in, or `null`. */
export const useMe = (): Me | null => {
  const state = useSession();
  return state.status === 'signed-in' ? state.me : null;
};

/**
 * May `me` do `permission` (on `resource`, when there is one)? The API decides for real; this
 * only hides what it would refuse: the API's own list of permissions (it leaves out what waits
 * for two-factor sign-in), then the domain's ownership rule for a resource.
 */
export const meCan = (me: Me | null, permission: Permission, resource?: OwnedResource): boolean => {
  if (me === null || !me.permissions.includes(permission)) return false;
  return resource === undefined || can(actorFromMe(me), permission, resource);
};

/** `meCan` for the signed-in person. */
export const useCan = () => {
  const me = useMe();
  return (permission: Permission, resource?: OwnedResource) => meCan(me, permission, resource);
};

/**
 * Who may open a page: everyone, anyone signed in, whoever holds a permission, or whoever holds one of
 * several (a page both a contact and staff use, as the API's `anyPermission`).
 */
export type PageAccess = 'public' | 'signed-in' | Permission | readonly [Permission, ...Permission[]];

export const mayOpen = (state: SessionState, access: PageAccess): boolean => {
  if (access === 'public') return true;
  if (state.status !== 'signed-in') return false;
  if (access === 'signed-in') return true;
  const { me } = state;
  return typeof access === 'string' ? meCan(me, access) : access.some((permission) => meCan(me, permission));
};

const SignInPageState = z
  .object({
    /** Where to go after signing in. */
    from: z.object({ pathname: z.string().startsWith('/'), search: z.string(), hash: z.string() }).optional(),
    /** Why the sign-in page shows, when the session ended or the person signed out. */
    notice: z.enum(signOutReasons).optional(),
  })
  .catch({});
/** What the sign-in page is told through the router's location state. */
export type SignInPageState = z.infer<typeof SignInPageState>;

/** The router's location state as the sign-in page reads it; anything else counts as nothing. */
export const readSignInPageState = (locationState: unknown): SignInPageState =>
  SignInPageState.parse(locationState ?? {});
