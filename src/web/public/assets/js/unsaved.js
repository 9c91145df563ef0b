// Warns before leaving a page with edits that are not saved. The browser shows its own dialog on
// reload/close/navigation; in-page actions that would discard edits ask through confirmDiscard().

const dirty = new Set();

window.addEventListener('beforeunload', (event) => {
  if (dirty.size === 0) return;
  event.preventDefault();
  // Chromium still wants returnValue set for the dialog to appear.
  event.returnValue = '';
});

/** Marks one editor (by key) as having unsaved edits, or clears it. */
export function setDirty(key, isDirty = true) {
  if (isDirty) dirty.add(key);
  else dirty.delete(key);
  document.body.classList.toggle('has-unsaved', dirty.size > 0);
}

export function isDirty(key) {
  return key ? dirty.has(key) : dirty.size > 0;
}

/** Whether any editor whose key starts with `prefix` has unsaved edits. */
export function isDirtyPrefix(prefix) {
  return [...dirty].some((k) => k.startsWith(prefix));
}

/** Tracks any input in `root` as an edit of `key`. */
export function watchForm(root, key) {
  const mark = () => setDirty(key, true);
  root.addEventListener('input', mark);
  root.addEventListener('change', mark);
}

/** Asks before an in-page action throws away unsaved edits; true when it may go ahead. */
export function confirmDiscard(key) {
  if (!isDirty(key)) return true;
  return window.confirm('有尚未保存的修改，继续将丢失这些修改。确定继续吗？');
}

/** Forgets every unsaved edit (after a publish or discard replaced what they were edits of). */
export function clearAllDirty() {
  dirty.clear();
  document.body.classList.remove('has-unsaved');
}
