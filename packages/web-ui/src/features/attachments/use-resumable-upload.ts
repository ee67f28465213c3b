import { useCallback, useEffect, useRef, useState } from 'react';
import { DetailedError, type HttpRequest, type HttpResponse, Upload } from 'tus-js-client';

export type ResumableUploadStatus = 'idle' | 'uploading' | 'paused' | 'done' | 'failed';

export interface ResumableUploadState {
  status: ResumableUploadStatus;
  /** 0 to 100, whole numbers. */
  progress: number;
  bytesUploaded: number;
  bytesTotal: number;
  /** The upload's id on the API once created: what a ticket's "attach" call refers to. */
  uploadId: string | null;
  /** The sha256 the API computed while storing the file, shown so people can compare. */
  sha256: string | null;
  /** What went wrong, in the API's words when it said something. */
  error: string | null;
}

export interface ResumableUploadOptions {
  /** The API's uploads route; `/v1/uploads` on the same origin by default. */
  endpoint?: string;
  /** The access token to send, read before every request (it may have been renewed in between). */
  accessToken: () => string | null | Promise<string | null>;
  /** A new access token after the API refused the current one (401); the request is then retried once. */
  renewAccessToken?: () => Promise<string | null>;
  chunkSize?: number;
  /**
   * What the upload is for, sent as tus metadata beside the file's name (a ticket's attachment names
   * the ticket: see `ticketAttachmentUploadMetadata`). Part of the resumption fingerprint, so the same
   * file sent for another ticket never resumes this one's upload.
   */
  metadata?: Record<string, string>;
  onComplete?: (upload: { uploadId: string; sha256: string | null }) => void;
}

export interface ResumableUpload {
  state: ResumableUploadState;
  /** Starts, or continues an upload of the same file left by an earlier visit (after a reload). */
  start: () => void;
  pause: () => void;
  resume: () => void;
}

export const idleUploadState = (bytesTotal = 0): ResumableUploadState => ({
  status: 'idle',
  progress: 0,
  bytesUploaded: 0,
  bytesTotal,
  uploadId: null,
  sha256: null,
  error: null,
});

/** The API's problem+json detail (or title), else the transport's message. */
export const uploadErrorMessage = (error: Error): string => {
  if (error instanceof DetailedError && error.originalResponse) {
    try {
      const problem = JSON.parse(error.originalResponse.getBody()) as { title?: unknown; detail?: unknown };
      const text = typeof problem.detail === 'string' ? problem.detail : problem.title;
      if (typeof text === 'string' && text !== '') return text;
    } catch {
      // Not problem+json (a proxy's page, say): fall through to the generic message.
    }
    return `The upload failed (HTTP ${error.originalResponse.getStatus()}).`;
  }
  return 'The upload failed: the connection was lost. Resume to continue where it stopped.';
};

const uploadIdOf = (url: string | null): string | null => url?.split('/').pop() ?? null;

/**
 * A file sent to the API with the tus protocol: progress, pause and resume, and resumption after a
 * reload (tus keeps the upload's address in localStorage under the file's fingerprint).
 */
export const useResumableUpload = (file: File | null, options: ResumableUploadOptions): ResumableUpload => {
  const [state, setState] = useState<ResumableUploadState>(() => idleUploadState(file?.size ?? 0));
  const uploadRef = useRef<Upload | null>(null);
  const optionsRef = useRef(options);
  optionsRef.current = options;

  useEffect(() => {
    setState(idleUploadState(file?.size ?? 0));
    if (!file) return;
    let sha256: string | null = null;
    let renewToken = false;
    const endpoint = optionsRef.current.endpoint ?? '/v1/uploads';
    const metadata = { ...optionsRef.current.metadata, filename: file.name };
    const upload = new Upload(file, {
      endpoint,
      chunkSize: optionsRef.current.chunkSize ?? 8 * 1024 * 1024,
      retryDelays: [0, 1000, 3000, 5000],
      metadata,
      fingerprint: async () =>
        [
          'portals-upload',
          file.name,
          file.type,
          file.size,
          file.lastModified,
          endpoint,
          JSON.stringify(metadata),
        ].join('|'),
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      onBeforeRequest: async (request: HttpRequest) => {
        const { accessToken, renewAccessToken } = optionsRef.current;
        const token = renewToken && renewAccessToken ? await renewAccessToken() : await accessToken();
        renewToken = false;
        if (token) request.setHeader('Authorization', `Bearer ${token}`);
      },
      // tus-js-client's own rule (retry unless the API refused for good), plus one retry on a 401
      // with a renewed token: an access token may expire during a long upload.
      onShouldRetry: (error, retryAttempt) => {
        const status = error.originalResponse?.getStatus() ?? 0;
        if (status === 401) {
          renewToken = retryAttempt === 0 && optionsRef.current.renewAccessToken !== undefined;
          return renewToken;
        }
        return status < 400 || status >= 500 || status === 409 || status === 423;
      },
      onAfterResponse: (_request: HttpRequest, response: HttpResponse) => {
        sha256 = response.getHeader('Upload-Sha256') ?? sha256;
      },
      onProgress: (bytesUploaded, bytesTotal) => {
        setState((previous) => ({
          ...previous,
          status: 'uploading',
          bytesUploaded,
          bytesTotal,
          progress: bytesTotal === 0 ? 100 : Math.floor((bytesUploaded / bytesTotal) * 100),
          uploadId: uploadIdOf(upload.url),
        }));
      },
      onError: (error) => {
        setState((previous) => ({ ...previous, status: 'failed', error: uploadErrorMessage(error) }));
      },
      onSuccess: () => {
        const uploadId = uploadIdOf(upload.url);
        setState((previous) => ({ ...previous, status: 'done', progress: 100, uploadId, sha256 }));
        if (uploadId) optionsRef.current.onComplete?.({ uploadId, sha256 });
      },
    });
    uploadRef.current = upload;
    return () => {
      // Leaving the page pauses: the fingerprint lets the next visit resume.
      void upload.abort();
      uploadRef.current = null;
    };
  }, [file]);

  const start = useCallback(() => {
    const upload = uploadRef.current;
    if (!upload) return;
    setState((previous) => ({ ...previous, status: 'uploading', error: null }));
    void upload.findPreviousUploads().then((previous) => {
      const latest = previous.sort((a, b) => b.creationTime.localeCompare(a.creationTime))[0];
      if (latest) upload.resumeFromPreviousUpload(latest);
      upload.start();
    });
  }, []);

  const pause = useCallback(() => {
    void uploadRef.current?.abort();
    setState((previous) => (previous.status === 'uploading' ? { ...previous, status: 'paused' } : previous));
  }, []);

  const resume = useCallback(() => {
    setState((previous) => ({ ...previous, status: 'uploading', error: null }));
    uploadRef.current?.start();
  }, []);

  return { state, start, pause, resume };
};
