import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { AttachmentPicker, AttachmentUploadItem } from './attachment-picker';
import { idleUploadState, type ResumableUploadState } from './use-resumable-upload';

const uploading: ResumableUploadState = {
  ...idleUploadState(4 * 1024 * 1024),
  status: 'uploading',
  progress: 42,
  bytesUploaded: 1_761_608,
  uploadId: 'b0c7e9a2-5d1f-4e3a-9c8b-7a6f5e4d3c2b',
};

const sha256 = 'a3f1c2e4b5d60718293a4b5c6d7e8f901a2b3c4d5e6f708192a3b4c5d6e7f809';

describe('AttachmentUploadItem', () => {
  it('shows the progress of an upload and lets it pause', () => {
    const onPause = vi.fn();
    render(
      <AttachmentUploadItem fileName="logs.zip" state={uploading} onPause={onPause} onResume={vi.fn()} />,
    );
    const bar = screen.getByRole('progressbar', { name: 'Upload of logs.zip' });
    expect(bar.getAttribute('value')).toBe('42');
    expect(screen.getByText(/42% \(1\.7 MB of 4\.0 MB\)/)).toBeDefined();
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    expect(onPause).toHaveBeenCalledOnce();
  });

  it('shows the sha256 once stored, and the reason when it failed', () => {
    const { rerender } = render(
      <AttachmentUploadItem
        fileName="logs.zip"
        state={{ ...uploading, status: 'done', progress: 100, sha256 }}
        onPause={vi.fn()}
        onResume={vi.fn()}
      />,
    );
    expect(screen.getByText(sha256)).toBeDefined();
    const onResume = vi.fn();
    rerender(
      <AttachmentUploadItem
        fileName="logs.zip"
        state={{ ...uploading, status: 'failed', error: 'An attachment can be at most 2147483648 bytes' }}
        onPause={vi.fn()}
        onResume={onResume}
      />,
    );
    expect(screen.getByRole('alert').textContent).toBe('An attachment can be at most 2147483648 bytes');
    fireEvent.click(screen.getByRole('button', { name: 'Resume' }));
    expect(onResume).toHaveBeenCalledOnce();
  });
});

const start = vi.fn();
/** The hook's state injected: every upload is 42% done. */
const useFixedUpload = (file: File | null) => ({
  state: { ...uploading, bytesTotal: file?.size ?? 0 },
  start,
  pause: () => {},
  resume: () => {},
});

describe('AttachmentPicker', () => {
  it('starts uploading each chosen file and lists it with its progress', () => {
    render(<AttachmentPicker uploadOptions={{ accessToken: () => 'token' }} useUpload={useFixedUpload} />);
    const input = screen.getByLabelText('Attach files');
    fireEvent.change(input, {
      target: { files: [new File(['a'], 'one.txt'), new File(['bb'], 'two.txt')] },
    });
    expect(screen.getByRole('progressbar', { name: 'Upload of one.txt' })).toBeDefined();
    expect(screen.getByRole('progressbar', { name: 'Upload of two.txt' })).toBeDefined();
    expect(start).toHaveBeenCalledTimes(2);
  });

  it('uploads at once the files chosen before it was shown', () => {
    start.mockClear();
    render(
      <AttachmentPicker
        uploadOptions={{ accessToken: () => 'token' }}
        useUpload={useFixedUpload}
        initialFiles={[new File(['log'], 'server.log')]}
      />,
    );
    expect(screen.getByRole('progressbar', { name: 'Upload of server.log' })).toBeDefined();
    expect(start).toHaveBeenCalledOnce();
  });
});
