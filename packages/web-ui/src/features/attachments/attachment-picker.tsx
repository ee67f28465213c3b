import { type ChangeEvent, useEffect, useId, useState } from 'react';
import {
  type ResumableUpload,
  type ResumableUploadOptions,
  type ResumableUploadState,
  useResumableUpload,
} from './use-resumable-upload';

const formatBytes = (bytes: number): string => {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
};

export interface AttachmentUploadItemProps {
  fileName: string;
  state: ResumableUploadState;
  onPause: () => void;
  onResume: () => void;
}

/** One file of the picker: its progress, then its sha256 once the API has stored it. */
export function AttachmentUploadItem({ fileName, state, onPause, onResume }: AttachmentUploadItemProps) {
  return (
    <li className="attachment-upload">
      <span className="attachment-name">{fileName}</span>{' '}
      <progress max={100} value={state.progress} aria-label={`Upload of ${fileName}`}>
        {state.progress}%
      </progress>{' '}
      <span className="muted">
        {state.progress}% ({formatBytes(state.bytesUploaded)} of {formatBytes(state.bytesTotal)})
      </span>
      {state.status === 'uploading' ? (
        <button className="button" type="button" onClick={onPause}>
          Pause
        </button>
      ) : null}
      {state.status === 'paused' || state.status === 'failed' ? (
        <button className="button" type="button" onClick={onResume}>
          Resume
        </button>
      ) : null}
      {state.status === 'done' && state.sha256 ? (
        <p className="muted">
          SHA-256: <code>{state.sha256}</code>
        </p>
      ) : null}
      {state.error ? (
        <p className="alert" role="alert">
          {state.error}
        </p>
      ) : null}
    </li>
  );
}

type UseUpload = (file: File | null, options: ResumableUploadOptions) => ResumableUpload;

function AttachmentUploadRow({
  file,
  options,
  useUpload,
}: {
  file: File;
  options: ResumableUploadOptions;
  useUpload: UseUpload;
}) {
  const upload = useUpload(file, options);
  const { state, start } = upload;
  // A chosen file starts uploading at once (the hook has created its upload in its own effect first).
  useEffect(() => {
    start();
  }, [start]);
  return (
    <AttachmentUploadItem
      fileName={file.name}
      state={state}
      onPause={upload.pause}
      onResume={upload.resume}
    />
  );
}

export interface AttachmentPickerProps {
  /** Where and as whom to upload; `onComplete` hears of every stored file. */
  uploadOptions: ResumableUploadOptions;
  label?: string;
  /** The upload hook; tests give one with a fixed state. */
  useUpload?: UseUpload;
  /** Files chosen before the picker was shown (on the page that opened the ticket), uploaded at once. */
  initialFiles?: readonly File[];
}

/** A file input whose files upload at once, each with a progress bar, pause/resume and its sha256. */
export function AttachmentPicker({
  uploadOptions,
  label = 'Attach files',
  useUpload = useResumableUpload,
  initialFiles = [],
}: AttachmentPickerProps) {
  const inputId = useId();
  const [files, setFiles] = useState<File[]>(() => [...initialFiles]);
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = Array.from(event.target.files ?? []);
    setFiles((previous) => [...previous, ...chosen]);
    event.target.value = '';
  };
  return (
    <div className="attachment-picker">
      <label htmlFor={inputId}>{label}</label>
      <input id={inputId} type="file" multiple onChange={onChange} />
      {files.length > 0 ? (
        <ul className="attachment-uploads">
          {files.map((file, index) => (
            <AttachmentUploadRow
              // A file chosen twice is two uploads: the position tells them apart.
              // biome-ignore lint/suspicious/noArrayIndexKey: files are only ever appended
              key={`${index}-${file.name}`}
              file={file}
              options={uploadOptions}
              useUpload={useUpload}
            />
          ))}
        </ul>
      ) : null}
    </div>
  );
}
