import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { Button, type ButtonVariant } from './button';
import { FormError } from './form-error';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  /** What will happen, and to what. */
  children?: ReactNode;
  confirmLabel: string;
  /** The confirm button's label while the action runs: "Approving…". */
  busyLabel: string;
  /** `danger` for what cannot be undone. */
  variant?: ButtonVariant;
  cancelLabel?: string;
  /**
   * The action; the dialog closes when it succeeds and shows why when it fails. Resolving to `false`
   * keeps it open without an error: a form in the dialog refused its values and says why itself.
   */
  onConfirm: () => Promise<unknown>;
  /** Cancelled (the button or Escape) or done: the page sets `open` to false. */
  onClose: () => void;
}

/**
 * Asks before an action with a native modal <dialog>: the browser keeps focus inside it and Escape
 * cancels. Confirming runs the action once, with the button busy, and shows the action's error.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  busyLabel,
  variant = 'primary',
  cancelLabel = 'Cancel',
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
  const titleId = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  // A ref, not only state: a second click in the same tick must not run the action again.
  const runningRef = useRef(false);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setError(null);
      dialog.showModal();
    } else if (!open && dialog.open) {
      dialog.close();
    }
  }, [open]);

  const confirm = async () => {
    if (runningRef.current) return;
    runningRef.current = true;
    setRunning(true);
    setError(null);
    try {
      if ((await onConfirm()) !== false) onClose();
    } catch (failure) {
      setError(failure);
    } finally {
      runningRef.current = false;
      setRunning(false);
    }
  };

  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        // The page owns `open`: Escape asks it to close, and is ignored while the action runs.
        event.preventDefault();
        if (!runningRef.current) onClose();
      }}
    >
      {open ? (
        <>
          <h2 id={titleId}>{title}</h2>
          {children}
          {error ? <FormError error={error} /> : null}
          <div className="actions">
            <Button variant={variant} busy={running} busyLabel={busyLabel} onClick={() => void confirm()}>
              {confirmLabel}
            </Button>
            <Button variant="secondary" disabled={running} onClick={onClose}>
              {cancelLabel}
            </Button>
          </div>
        </>
      ) : null}
    </dialog>
  );
}
