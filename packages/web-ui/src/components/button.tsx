import type { ButtonHTMLAttributes } from 'react';

export type ButtonVariant = 'primary' | 'secondary' | 'danger';

const variantClass: Record<ButtonVariant, string> = {
  primary: 'button',
  secondary: 'button button-secondary',
  danger: 'button button-danger',
};

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  /** While the action runs: the button says so (aria-busy) and cannot be pressed twice. */
  busy?: boolean;
  /** The label while busy ("Saving…"); the usual label when not given. */
  busyLabel?: string;
}

/** The one button of the portals. `type` defaults to "button" so a button never submits a form by accident. */
export function Button({
  variant = 'primary',
  busy = false,
  busyLabel,
  type = 'button',
  disabled,
  className,
  children,
  ...buttonProps
}: ButtonProps) {
  return (
    <button
      {...buttonProps}
      type={type}
      className={className ? `${variantClass[variant]} ${className}` : variantClass[variant]}
      disabled={busy || disabled}
      aria-busy={busy || undefined}
    >
      {busy && busyLabel ? busyLabel : children}
    </button>
  );
}
