import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { Link, NavLink, useLocation } from 'react-router-dom';
import { useProductName } from './app-providers';

export interface NavItem {
  to: string;
  label: string;
  /** Beside the label: what waits on that page (a count). */
  badge?: ReactNode;
  /** Match the path exactly, so `/` is not current on every page. */
  end?: boolean;
}

export interface AppShellProps {
  /** Only what the person may open. */
  navItems: readonly NavItem[];
  /** Who is signed in and how to sign out, at the end of the header. */
  account?: ReactNode;
  /** The page. */
  children: ReactNode;
}

/**
 * Header with the product name, navigation and account, then the page. Below 640 px the navigation
 * and account fold behind a "Menu" button (a disclosure: aria-expanded, aria-controls), so the header
 * takes one line on a phone; the menu closes when a link is chosen, or with Escape. At wider sizes the
 * button is hidden (display: none, so out of the accessibility tree too) and the menu always shown.
 */
export function AppShell({ navItems, account, children }: AppShellProps) {
  const productName = useProductName();
  const menuId = useId();
  const [menuOpen, setMenuOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const main = useRef<HTMLElement>(null);
  const location = useLocation();

  // Choosing a link (even the current page's) navigates, with a new location key: the menu folds. The
  // link chosen is hidden with it, so the focus goes on to the new page rather than to nowhere.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key is what changes on each navigation; menuOpen is read as it was then.
  useEffect(() => {
    if (!menuOpen) return;
    setMenuOpen(false);
    if (menu.current?.contains(document.activeElement)) main.current?.focus();
  }, [location.key]);

  // Escape folds the open menu and returns to its button.
  useEffect(() => {
    if (!menuOpen) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setMenuOpen(false);
      menuButton.current?.focus();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [menuOpen]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="app-header">
        <div className="app-header-inner">
          <Link className="app-brand" to="/">
            {productName}
          </Link>
          <button
            ref={menuButton}
            type="button"
            className="app-menu-button"
            aria-expanded={menuOpen}
            aria-controls={menuId}
            onClick={() => setMenuOpen((open) => !open)}
          >
            <span className="app-menu-icon" aria-hidden="true" />
            Menu
          </button>
          <div ref={menu} id={menuId} className={menuOpen ? 'app-menu app-menu-open' : 'app-menu'}>
            <nav aria-label="Main">
              <ul className="app-nav">
                {navItems.map((item) => (
                  <li key={item.to}>
                    <NavLink to={item.to} end={item.end ?? false}>
                      {item.label}
                      {item.badge ?? null}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </nav>
            {account}
          </div>
        </div>
      </header>
      <main ref={main} className="app-main" id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
