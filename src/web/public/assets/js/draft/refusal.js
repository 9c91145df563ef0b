// A write the server refused because of what the draft holds (a bad value, a field still read by
// a rule): shown beside what was edited, every place it names listed. A stale revision is not
// one of these — the status line offers to reload instead.
import { ApiError } from '../api.js';
import { h } from '../dom.js';
import { describePointer } from '../field-errors.js';

export const isStale = (err) => err instanceof ApiError && err.status === 409 && /已被他人修改/.test(err.message);

/** Whether `err` is a refusal to show beside the edit (400, 404, or a 409 that is not stale). */
export const isRefusal = (err) => err instanceof ApiError && [400, 404, 409].includes(err.status) && !isStale(err);

export function refusalView(err) {
  return h('div', { class: 'error-summary', role: 'alert' },
    h('p', { class: 'error-title' }, err.message),
    err.details?.length ? h('ul', {}, err.details.map((d) => h('li', {}, d.message || describePointer(d.pointer)))) : null);
}
