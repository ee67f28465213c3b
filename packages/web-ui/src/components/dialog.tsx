import { type ReactNode, useEffect, useId, useRef } from 'react';

export interface DialogProps {
  open: boolean;
  /** Names the dialog (its heading, and its accessible name). */
  title: string;
  /** Escape, or the form inside is done or cancelled: the page sets `open` to false. */
  onClose: () => void;
  children: ReactNode;
}

/**
 * A modal dialog for a form: a native <dialog> opened with `showModal`, so the browser keeps focus
 * inside it and Escape asks to close it. Focus goes back to what opened it (the button), or to the
 * page's main region when that button is gone (an action that is no longer offered).
 */
export function Dialog({ open, title, onClose, children }: DialogProps) {
  const titleId = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const openerRef = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      openerRef.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      // The first field, as a browser does; said here too for the environments that do not.
      dialog.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
    } else if (!open && dialog.open) {
      dialog.close();
      const opener = openerRef.current;
      openerRef.current = null;
      if (opener?.isConnected && opener !== document.body) opener.focus();
      else document.getElementById('main')?.focus();
    }
  }, [open]);

  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        // The page owns `open`: Escape asks it to close.
        event.preventDefault();
        onClose();
      }}
    >
      {open ? (
        <>
          <h2 id={titleId}>{title}</h2>
          {children}
        </>
      ) : null}
    </dialog>
  );
}
