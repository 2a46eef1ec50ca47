import { useCallback, useEffect, useRef, useState, type ChangeEvent } from 'react';
import type { VerificationView } from '../../../common/api/methods/casework.ts';
import { formatDateTimeId } from '../../../common/format.ts';
import { useCall } from '../../app/session.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useStrings } from '../../i18n/i18n.tsx';
import { verificationStrings } from './strings.ts';

const MAX_BYTES = 10 * 1024 * 1024;
const ACCEPTED = ['image/jpeg', 'image/png', 'application/pdf'] as const;
type Mime = (typeof ACCEPTED)[number];

/** "2,4 MB" / "350 KB". */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace('.', ',')} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** The file's bytes as base64 (FileReader gives a data: URL; the part after the comma). */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

function base64ToBlob(base64: string, mime: string): Blob {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: mime });
}

/** The dialog of an opened attachment: fetching it (from the server, when not here), the file, or why not. */
type Opened =
  | { state: 'loading'; fileName: string }
  | { state: 'failed'; fileName: string; message: string }
  | { state: 'ready'; fileName: string; mime: string; dataUrl: string | null; blobUrl: string };
type Attachment = VerificationView['attachments'][number];

/** Photos and documents of one verification: list, add (when allowed) and open. */
export function Attachments({
  verification,
  canAdd,
  onAdded,
}: {
  verification: VerificationView;
  canAdd: boolean;
  onAdded: () => void;
}) {
  const s = useStrings(verificationStrings);
  const call = useCall();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const [opening, setOpening] = useState<string | null>(null);
  const [opened, setOpened] = useState<Opened | null>(null);

  useEffect(
    () => () => (opened?.state === 'ready' ? URL.revokeObjectURL(opened.blobUrl) : undefined),
    [opened],
  );

  const add = async (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.target.files ?? [])];
    e.target.value = '';
    const errors: string[] = [];
    let added = 0;
    setDone(null);
    for (const file of files) {
      if (!(ACCEPTED as readonly string[]).includes(file.type)) {
        errors.push(s.wrongType(file.name));
        continue;
      }
      if (file.size > MAX_BYTES) {
        errors.push(s.tooBig(file.name, formatSize(file.size)));
        continue;
      }
      setBusy(file.name);
      let dataBase64: string;
      try {
        dataBase64 = await readBase64(file);
      } catch {
        errors.push(s.readFailed(file.name));
        continue;
      }
      const result = await call('attachments.add', {
        ownerEntity: 'verifications',
        ownerId: verification.id,
        fileName: file.name.slice(-120),
        mime: file.type as Mime,
        dataBase64,
      });
      if (result.ok) added++;
      else errors.push(`${file.name}: ${result.error.message}`);
    }
    setBusy(null);
    setProblems(errors);
    if (added) {
      setDone(s.uploaded(added));
      onAdded();
    }
  };

  // A file added on another workstation is fetched from the server first: the dialog says so
  // while it comes, and shows the server's or the key's message if it cannot.
  const open = async (a: Attachment) => {
    setOpening(a.id);
    if (!a.local) setOpened({ state: 'loading', fileName: a.fileName });
    const result = await call('attachments.get', { id: a.id });
    setOpening(null);
    // Closed while it was downloading: the file stays closed.
    const show = (next: Opened) => setOpened((now) => (a.local || now ? next : null));
    if (!result.ok) {
      if (a.local) return setProblems([result.error.message]);
      return show({ state: 'failed', fileName: a.fileName, message: result.error.message });
    }
    const { fileName, mime, dataBase64 } = result.value;
    // Fetched from the server, the file is kept here now: the list says so.
    if (!a.local) onAdded();
    show({
      state: 'ready',
      fileName,
      mime,
      blobUrl: URL.createObjectURL(base64ToBlob(dataBase64, mime)),
      dataUrl: mime.startsWith('image/') ? `data:${mime};base64,${dataBase64}` : null,
    });
  };
  const close = useCallback(() => setOpened(null), []);

  const list = verification.attachments;
  return (
    <section className="card" aria-labelledby="attachments-title">
      <h2 id="attachments-title">{s.attachmentsTitle}</h2>
      <p className="muted">{s.attachmentsIntro}</p>
      {problems.map((p) => (
        <Notice key={p} tone="error">
          {p}
        </Notice>
      ))}
      {done ? <Notice tone="success">{done}</Notice> : null}
      {list.length === 0 ? (
        <p className="muted">{s.noAttachments}</p>
      ) : (
        <ul style={{ listStyle: 'none', padding: 0, margin: '0 0 1rem' }}>
          {list.map((a) => (
            <li
              key={a.id}
              style={{
                display: 'flex',
                alignItems: 'center',
                justifyContent: 'space-between',
                gap: '0.75rem',
                padding: '0.5rem 0',
                borderBottom: '1px solid var(--border)',
              }}
            >
              <span style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                <span className="badge">{a.mime === 'application/pdf' ? s.kindPdf : s.kindImage}</span>{' '}
                <strong>{a.fileName}</strong>
                <br />
                <span className="muted" style={{ fontSize: '0.92rem' }}>
                  {formatSize(a.size)} · {formatDateTimeId(a.createdAt)}
                  {a.local ? null : ` · ${s.onServer}`}
                </span>
              </span>
              <button
                type="button"
                className="btn btn-sm"
                onClick={() => void open(a)}
                disabled={opening === a.id}
              >
                {opening === a.id ? (a.local ? s.opening : s.downloading) : s.view}
              </button>
            </li>
          ))}
        </ul>
      )}
      {canAdd ? (
        <>
          <input
            ref={input}
            type="file"
            accept={ACCEPTED.join(',')}
            multiple
            onChange={(e) => void add(e)}
            className="visually-hidden"
            tabIndex={-1}
            aria-hidden="true"
          />
          <button
            type="button"
            className="btn"
            onClick={() => input.current?.click()}
            disabled={busy !== null}
          >
            {busy ? s.uploading(busy) : `+ ${s.addFiles}`}
          </button>
        </>
      ) : null}
      {opened ? (
        <Dialog title={opened.fileName} onClose={close}>
          {opened.state === 'loading' ? (
            <Notice tone="info" title={s.downloading}>
              <p>{s.downloadingIntro}</p>
            </Notice>
          ) : opened.state === 'failed' ? (
            <Notice tone="error">{opened.message}</Notice>
          ) : opened.dataUrl ? (
            <img
              src={opened.dataUrl}
              alt={opened.fileName}
              style={{
                display: 'block',
                maxWidth: '100%',
                maxHeight: '60vh',
                margin: '0 auto 1rem',
                borderRadius: 'var(--radius)',
              }}
            />
          ) : (
            <Notice tone="info">{s.pdfReady}</Notice>
          )}
          <div className="btn-row">
            {opened.state === 'ready' ? (
              <a className="btn btn-primary" href={opened.blobUrl} download={opened.fileName}>
                {s.download}
              </a>
            ) : null}
            <button type="button" className="btn" onClick={close}>
              {s.close}
            </button>
          </div>
        </Dialog>
      ) : null}
    </section>
  );
}
