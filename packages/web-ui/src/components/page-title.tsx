import { useProductName } from './app-providers';

/** Sets the document title, which screen readers announce after a navigation. */
export function PageTitle({ children }: { children: string }) {
  const productName = useProductName();
  return <title>{`${children} · ${productName}`}</title>;
}
