import { type ReactNode, useEffect, useRef, useState } from 'react';

/**
 * Whether the element's content is wider than the element itself (so it scrolls sideways), kept up to
 * date as the window or the content changes size.
 */
const useScrollsSideways = (ref: React.RefObject<HTMLElement | null>): boolean => {
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const measure = () => setScrolls(element.scrollWidth > element.clientWidth);
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    for (const child of element.children) observer.observe(child);
    measure();
    return () => observer.disconnect();
  }, [ref]);
  return scrolls;
};

export type ScrollRegionProps = (
  | {
      /** Names the region: the id of its caption or heading. */
      labelledBy: string;
      label?: undefined;
    }
  | {
      /** Names the region when nothing on screen does: "Code". */
      label: string;
      labelledBy?: undefined;
    }
) & {
  className?: string;
  children: ReactNode;
};

/**
 * A box that scrolls its content sideways instead of widening the page. While the content is wider
 * than it, it is a named region in the tab order, so people without a mouse can scroll it with the
 * arrow keys (WCAG 2.1.1; axe's scrollable-region-focusable); otherwise a plain box, without a tab stop.
 */
export function ScrollRegion({ labelledBy, label, className = 'table-scroll', children }: ScrollRegionProps) {
  const ref = useRef<HTMLElement>(null);
  const scrolls = useScrollsSideways(ref);
  // A section without a name is no landmark: only a scrolling one is named, and focusable.
  return (
    <section
      ref={ref}
      className={className}
      aria-labelledby={scrolls ? labelledBy : undefined}
      aria-label={scrolls ? label : undefined}
      tabIndex={scrolls ? 0 : undefined}
    >
      {children}
    </section>
  );
}
