import { Fragment } from 'react';

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The text an escaped fragment stands for: `&lt;img&gt;` is the five characters `<img>`, shown as such. */
export const unescapeHtmlText = (escaped: string): string =>
  escaped.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X'))
      return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    return entities[name.toLowerCase()] ?? entity;
  });

/**
 * Splits a search highlight (escaped text with `<mark>` around each matching word, as the API sends
 * it) into text and marked parts. Only the marks become elements; everything else, even what looks
 * like markup, is text, so a fragment can never inject HTML.
 */
export const highlightParts = (fragment: string): { text: string; marked: boolean }[] =>
  fragment
    .split(/(<mark>.*?<\/mark>)/s)
    .filter((part) => part !== '')
    .map((part) =>
      part.startsWith('<mark>') && part.endsWith('</mark>')
        ? { text: unescapeHtmlText(part.slice('<mark>'.length, -'</mark>'.length)), marked: true }
        : { text: unescapeHtmlText(part), marked: false },
    );

/** A search hit's matching words in context, the words in <mark>. */
export function HighlightedFragment({ fragment }: { fragment: string }) {
  return (
    <>
      {highlightParts(fragment).map((part, index) =>
        part.marked ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts never move; the index is their identity.
          <mark key={index}>{part.text}</mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above.
          <Fragment key={index}>{part.text}</Fragment>
        ),
      )}
    </>
  );
}
