import { useState } from 'react';
import { Button } from './button';

export interface CopyButtonProps {
  /** What goes to the clipboard. */
  text: string;
  /** The button's label: "Copy the token". */
  label: string;
}

/** Copies `text` to the clipboard and says whether it worked; where the browser refuses, to copy by hand. */
export function CopyButton({ text, label }: CopyButtonProps) {
  const [outcome, setOutcome] = useState<'copied' | 'refused' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setOutcome('copied');
    } catch {
      // No clipboard outside a secure context, or permission refused.
      setOutcome('refused');
    }
  };
  return (
    <span className="copy">
      <Button variant="secondary" onClick={() => void copy()}>
        {label}
      </Button>
      <span className="muted" role="status">
        {outcome === 'copied' ? 'Copied.' : null}
        {outcome === 'refused' ? 'This browser did not allow copying: select the text and copy it.' : null}
      </span>
    </span>
  );
}
