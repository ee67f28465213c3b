import type { ReactNode } from 'react';
import { Link, NavLink } from 'react-router-dom';
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

/** Header with the product name, navigation and account, then the page. */
export function AppShell({ navItems, account, children }: AppShellProps) {
  const productName = useProductName();
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
      </header>
      <main className="app-main" id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
