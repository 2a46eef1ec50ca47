import { useEffect, useId, useSyncExternalStore } from 'react';

/**
 * Hash routes (#/pengguna): work the same over http:// and Electron's app:// protocol.
 *
 * The router also keeps typed work from being lost without a word (the outside UI probe found
 * a half-filled form dropped by a menu click, Back or a reload). A form that holds typed work
 * says so with `useUnsavedChanges(dirty)`; while any form does:
 * - a link in the app, `navigate()`, Back, Forward or a typed address first asks the question
 *   (`UnsavedChangesPrompt` shows it; staying is the default) and only then changes the page;
 * - a reload or closing the window gets the browser's own "leave site?" question.
 * A save that succeeded navigates with `{ force: true }`: nothing is left to lose.
 */
export function currentPath(): string {
  const hash = window.location.hash.replace(/^#/, '');
  return hash.startsWith('/') ? hash : '/beranda';
}

type Ask = () => Promise<boolean>;

/** The forms holding typed work, one entry per form. */
const dirtyForms = new Set<string>();
/** Shows the question and answers true when the person chooses to leave. */
let asker: Ask | null = null;
/** The path the app shows; the address bar may run ahead of it while the question is asked. */
let shown = currentPath();
/** A path the app decided to open (after the question, or after a save): let it through. */
let allowed: string | null = null;
const listeners = new Set<() => void>();
let installed = false;

function show(path: string): void {
  shown = path;
  for (const listener of listeners) listener();
}

function onHashChange(): void {
  const next = currentPath();
  if (next === shown) return;
  if (next === allowed || dirtyForms.size === 0) {
    allowed = null;
    show(next);
    return;
  }
  // Back, Forward or a typed address: the browser has already moved. Put the address back
  // (same history entry), ask, and move it again only if the person chooses to leave.
  window.history.replaceState(window.history.state, '', `#${shown}`);
  void confirmLeave().then((leave) => {
    if (!leave) return;
    window.history.replaceState(window.history.state, '', `#${next}`);
    show(next);
  });
}

/** A click on a link inside the app (menu, "Batal", a family's name) while a form is dirty. */
function onClick(e: MouseEvent): void {
  if (dirtyForms.size === 0 || e.defaultPrevented || e.button !== 0) return;
  if (e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
  const link = (e.target as Element | null)?.closest?.('a[href^="#/"]');
  if (!link || link.getAttribute('target')) return;
  const path = link.getAttribute('href')!.slice(1);
  if (path === shown) return;
  e.preventDefault();
  navigate(path);
}

function onBeforeUnload(e: BeforeUnloadEvent): void {
  if (dirtyForms.size === 0) return;
  e.preventDefault();
  // Older Chromium (Electron) wants returnValue set as well.
  e.returnValue = '';
}

function install(): void {
  if (installed) return;
  installed = true;
  shown = currentPath();
  window.addEventListener('hashchange', onHashChange);
  // Capture: before React's own handlers and before the browser follows the link.
  document.addEventListener('click', onClick, true);
  window.addEventListener('beforeunload', onBeforeUnload);
}

function subscribe(listener: () => void): () => void {
  install();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useRoute(): string {
  return useSyncExternalStore(subscribe, () => shown);
}

function go(path: string): void {
  install();
  if (path === currentPath()) return show(path);
  allowed = path;
  window.location.hash = path;
}

/**
 * Opens `path`. While a form holds typed work, the person is asked first; `force` skips the
 * question (after a successful save, or when the work must go, e.g. at logout).
 */
export function navigate(path: string, options: { force?: boolean } = {}): void {
  if (options.force || dirtyForms.size === 0) return go(path);
  void confirmLeave().then((leave) => {
    if (leave) go(path);
  });
}

/** True while some form on screen holds work not yet saved. */
export function hasUnsavedChanges(): boolean {
  return dirtyForms.size > 0;
}

/** Forgets every form's typed work (a different person signed in; the work must not reach them). */
export function discardUnsavedChanges(): void {
  dirtyForms.clear();
}

/**
 * Asks whether to leave the typed work; true at once when there is none. Leaving forgets the
 * work, so the navigation that follows is not asked about again.
 */
export async function confirmLeave(): Promise<boolean> {
  if (dirtyForms.size === 0) return true;
  const leave = await askToDiscard();
  if (leave) dirtyForms.clear();
  return leave;
}

/** The question itself, whether or not a form is registered (a dialog about to close asks it). */
export function askToDiscard(): Promise<boolean> {
  // Without the prompt on screen (should not happen inside the app) the browser's own question.
  return asker ? asker() : Promise.resolve(window.confirm('Ada isian yang belum disimpan. Tinggalkan?'));
}

/** The component that shows the question registers here (see UnsavedChangesPrompt). */
export function setUnsavedChangesAsker(ask: Ask | null): void {
  asker = ask;
}

/**
 * Marks this form as holding typed work while `dirty` is true: a form is dirty when it differs
 * from what it was opened with (see useChangedFrom). Saving, clearing or closing it ends that.
 */
export function useUnsavedChanges(dirty: boolean): void {
  const id = useId();
  useEffect(() => {
    install();
    if (!dirty) return;
    dirtyForms.add(id);
    return () => {
      dirtyForms.delete(id);
    };
  }, [dirty, id]);
}
