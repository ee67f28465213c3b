import { afterEach, describe, expect, it, vi } from 'vitest';
import { saveBlob } from './save-blob';

describe('saveBlob', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('clicks a download link to the blob under the file name, then releases the address', () => {
    vi.useFakeTimers();
    const created: Blob[] = [];
    const revoked: string[] = [];
    vi.stubGlobal('URL', {
      ...URL,
      createObjectURL: (blob: Blob) => {
        created.push(blob);
        return 'blob:http://localhost/1';
      },
      revokeObjectURL: (url: string) => revoked.push(url),
    });
    const clicked: { href: string; download: string; attached: boolean }[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push({ href: this.href, download: this.download, attached: this.isConnected });
    });
    const blob = new Blob(['%PDF-1.7'], { type: 'application/pdf' });

    saveBlob(blob, 'INV-2026-0001.pdf');

    expect(created).toEqual([blob]);
    expect(clicked).toEqual([
      { href: 'blob:http://localhost/1', download: 'INV-2026-0001.pdf', attached: true },
    ]);
    expect(document.querySelector('a[download]')).toBeNull();
    expect(revoked).toEqual([]);
    vi.runAllTimers();
    expect(revoked).toEqual(['blob:http://localhost/1']);
    click.mockRestore();
  });
});
