/** How long the blob's address outlives the click: the browser has started the download well before. */
const releaseDelayMs = 10_000;

/**
 * Saves a downloaded file (a Blob from `apiClient.download`) under `fileName`, as the browser saves any
 * download: through a temporary object URL and a link clicked on the person's behalf.
 */
export const saveBlob = (blob: Blob, fileName: string): void => {
  const url = URL.createObjectURL(blob);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.rel = 'noopener';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // Released a little later rather than at once: some browsers read the address after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), releaseDelayMs);
};
