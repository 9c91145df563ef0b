// Shows the server's per-field problems beside the field each JSON pointer names. A form marks its
// inputs with data-pointer="/funding/provincial"; a problem whose pointer matches no input (or a
// parent of one) goes into the form's summary box so nothing the server said is lost.
import { h } from './dom.js';

/** Removes every message this module added inside `root`. */
export function clearErrors(root) {
  for (const el of root.querySelectorAll('.field-error')) el.remove();
  for (const el of root.querySelectorAll('[aria-invalid="true"]')) {
    el.removeAttribute('aria-invalid');
    el.removeAttribute('aria-describedby');
  }
  const summary = root.querySelector('.error-summary');
  if (summary) {
    summary.replaceChildren();
    summary.hidden = true;
  }
}

let counter = 0;

/** Puts one message right after the field (or its wrapper) and links them for screen readers. */
export function markField(field, message) {
  const id = `err-${++counter}`;
  const note = h('p', { class: 'field-error', id, role: 'alert' }, message);
  const anchor = field.closest('.field-anchor') ?? field;
  anchor.after(note);
  field.setAttribute('aria-invalid', 'true');
  field.setAttribute('aria-describedby', id);
  return note;
}

/** The input for a pointer: exact match first, then the nearest parent pointer that has one. */
function fieldFor(root, pointer, resolve) {
  const mapped = resolve?.(pointer) ?? pointer;
  let p = mapped;
  while (p) {
    const el = root.querySelector(`[data-pointer="${CSS.escape(p)}"]`);
    if (el) return el;
    p = p.slice(0, p.lastIndexOf('/'));
  }
  return null;
}

/**
 * Shows an ApiError's details in `root`. `resolve(pointer)` may rewrite a server pointer to the
 * form's own (e.g. /parameters/0/value → /parameters/<name>). Returns how many were placed.
 * The summary box (.error-summary) gets the headline and anything that could not be placed.
 */
export function showErrors(root, error, resolve) {
  clearErrors(root);
  const details = error?.details ?? [];
  const unplaced = [];
  let first = null;
  for (const d of details) {
    const field = fieldFor(root, d.pointer, resolve);
    if (field) {
      markField(field, d.message);
      first ??= field;
    } else unplaced.push(d);
  }
  const summary = root.querySelector('.error-summary');
  if (summary) {
    summary.hidden = false;
    summary.append(h('p', { class: 'error-title' }, error?.message ?? '操作失败'));
    if (unplaced.length) summary.append(h('ul', {}, unplaced.map((d) => h('li', {}, describePointer(d.pointer), d.message))));
    if (details.length > unplaced.length) summary.append(h('p', { class: 'muted' }, '请按各字段旁的提示修改后重新提交。'));
  }
  (first ?? summary)?.focus?.({ preventScroll: false });
  return details.length - unplaced.length;
}

/** "/tables/regions/3/fullName" → "tables › regions › 第4项 › fullName：" for the summary. */
export function describePointer(pointer) {
  if (!pointer) return '';
  const parts = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  return parts.map((s) => (/^\d+$/.test(s) ? `第${Number(s) + 1}项` : s)).join(' › ') + '：';
}
