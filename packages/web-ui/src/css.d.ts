/** A component's own stylesheet, imported for its side effect: Vite bundles it with the component's chunk. */
declare module '*.css';
