import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';

import { Button } from './button';

/** How long a message stays unless dismissed: long enough to read a sentence twice. */
const toastMilliseconds = 6000;

interface Toast {
  id: number;
  message: string;
}

export interface ToastApi {
  /** Says that something worked ("The contact was added."); it goes away by itself. */
  showToast: (message: string) => void;
}

const ToastContext = createContext<ToastApi | null>(null);

/** Shows a success message in the portal's toaster (mounted once by `AppProviders`). */
export const useToast = (): ToastApi => {
  const toasts = useContext(ToastContext);
  if (toasts === null) throw new Error('useToast must be used inside <Toaster>');
  return toasts;
};

function ToastMessage({ toast, onDismiss }: { toast: Toast; onDismiss: (id: number) => void }) {
  useEffect(() => {
    const timer = setTimeout(() => onDismiss(toast.id), toastMilliseconds);
    return () => clearTimeout(timer);
  }, [toast.id, onDismiss]);
  return (
    <div className="toast" role="status">
      <p>{toast.message}</p>
      <Button variant="secondary" onClick={() => onDismiss(toast.id)}>
        Dismiss
      </Button>
    </div>
  );
}

/**
 * Success messages, read out politely. The live region is there from the start so screen readers
 * notice what is added to it.
 */
export function Toaster({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<readonly Toast[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => {
    setToasts((current) => current.filter((toast) => toast.id !== id));
  }, []);
  const api = useMemo<ToastApi>(
    () => ({
      showToast: (message) => {
        const id = nextId.current++;
        setToasts((current) => [...current, { id, message }]);
      },
    }),
    [],
  );
  return (
    <ToastContext.Provider value={api}>
      {children}
      <section className="toaster" aria-label="Notifications" aria-live="polite">
        {toasts.map((toast) => (
          <ToastMessage key={toast.id} toast={toast} onDismiss={dismiss} />
        ))}
      </section>
    </ToastContext.Provider>
  );
}
