// One write of the 参数 and 表格 tabs: the button is busy while it runs, a refused write shows each
// problem beside the input its pointer names (the rest in the form's summary, by the name of the
// rule, fact or table they concern), and a stale revision offers a reload instead.
import { clearErrors, showErrors } from '../field-errors.js';
import { busy, reportError, status } from '../layout.js';
import { setDirty } from '../unsaved.js';
import { problemList } from './problem-places.js';
import { isRefusal } from './refusal.js';
import { doc } from './state.js';

function hasInput(form, pointer, resolve) {
  let p = resolve?.(pointer) ?? pointer;
  while (p) {
    if (form.querySelector(`[data-pointer="${CSS.escape(p)}"]`)) return true;
    p = p.slice(0, p.lastIndexOf('/'));
  }
  return false;
}

/**
 * Shows a refusal in `form`: bad values, a name taken, something still in use are about what was
 * typed; a stale revision offers a reload instead.
 */
export function showProblems(form, err, resolve, hooks) {
  if (!isRefusal(err)) return reportError(err, hooks?.reload);
  const before = doc();
  showErrors(form, err, resolve);
  const unplaced = err.details.filter((d) => !hasInput(form, d.pointer, resolve));
  const summary = form.querySelector('.error-summary');
  const list = summary?.querySelector('ul');
  if (list) list.replaceWith(problemList(before, unplaced));
}

/**
 * Runs `write` (a writeDraft call) from `button`; on success forgets `dirtyKey`, redraws the tabs
 * and says `done`. `resolve` maps the server's pointers to the form's own.
 */
export async function submit(button, { form, write, done, resolve, hooks, dirtyKey }) {
  clearErrors(form);
  await busy(button, async () => {
    try {
      await write();
      if (dirtyKey) setDirty(dirtyKey, false);
      hooks.rerender();
      status(done, 'ok');
    } catch (err) {
      showProblems(form, err, resolve, hooks);
    }
  });
}
