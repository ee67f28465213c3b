import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';
import { disposeTestSessions } from './index';

// jsdom has <dialog> but not its modal methods: open and close it as a browser would, minus the focus trap.
if (typeof HTMLDialogElement !== 'undefined' && !HTMLDialogElement.prototype.showModal) {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    if (!this.hasAttribute('open')) return;
    this.removeAttribute('open');
    this.dispatchEvent(new Event('close'));
  };
}

// Pages are lazy routes: the first test of a file waits while their modules are compiled, which on a
// busy machine (the whole suite runs its projects side by side on two cores) takes several seconds.
configure({ asyncUtilTimeout: 10_000 });

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(() => {
  cleanup();
  disposeTestSessions();
});
