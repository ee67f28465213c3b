import type { AnchorHTMLAttributes, HTMLAttributes, TableHTMLAttributes } from 'react';
import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { ScrollRegion } from './scroll-region';

const safeProtocols = ['http:', 'https:', 'mailto:'];

/**
 * Keeps a link or image address only when it is a web or mail address (or relative): `javascript:`,
 * `data:` and the like become nothing, so the element renders without it.
 */
export const safeMarkdownUrl = (url: string): string | undefined => {
  const trimmed = url.trim();
  const colon = trimmed.indexOf(':');
  const firstSeparator = trimmed.search(/[/?#]/);
  // No scheme ("docs/x", "#top", "/v1/x"): relative, safe.
  if (colon === -1 || (firstSeparator !== -1 && firstSeparator < colon)) return trimmed;
  return safeProtocols.includes(trimmed.slice(0, colon + 1).toLowerCase()) ? trimmed : undefined;
};

function MarkdownLink({
  href,
  children,
  node: _node,
  ...rest
}: AnchorHTMLAttributes<HTMLAnchorElement> & {
  node?: unknown;
}) {
  if (!href) return <span>{children}</span>;
  return (
    <a {...rest} href={href} target="_blank" rel="noopener nofollow noreferrer">
      {children}
    </a>
  );
}

/** A code block scrolls sideways within the page, reachable from the keyboard while it does. */
function MarkdownPre({ node: _node, ...rest }: HTMLAttributes<HTMLPreElement> & { node?: unknown }) {
  return (
    <ScrollRegion label="Code" className="markdown-scroll">
      <pre {...rest} />
    </ScrollRegion>
  );
}

/** So does a wide table. */
function MarkdownTable({ node: _node, ...rest }: TableHTMLAttributes<HTMLTableElement> & { node?: unknown }) {
  return (
    <ScrollRegion label="Table" className="markdown-scroll">
      <table {...rest} />
    </ScrollRegion>
  );
}

const components: Components = { a: MarkdownLink, pre: MarkdownPre, table: MarkdownTable };

export interface MarkdownProps {
  /** Markdown a person wrote (a ticket's description, a reply). */
  children: string;
  className?: string;
}

/**
 * Renders Markdown a person wrote, safely under the portals' Content-Security-Policy: raw HTML in it is
 * dropped, never rendered (no rehype-raw, and `skipHtml`), only web and mail links survive, and links
 * open in a new tab with rel="noopener nofollow" so the page they lead to cannot reach back.
 */
export function Markdown({ children, className = 'markdown' }: MarkdownProps) {
  return (
    <div className={className}>
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        skipHtml
        urlTransform={(url) => safeMarkdownUrl(url)}
        components={components}
      >
        {children}
      </ReactMarkdown>
    </div>
  );
}
