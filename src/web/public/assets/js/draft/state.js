// The draft being edited and its revision. Every write sends If-Match with the revision this page
// last saw and takes the new one from the answer, so a colleague's save in between is a 409 here
// (with a reload offered), never a silent overwrite.
import { api, seg } from '../api.js';

export const draftState = {
  id: decodeURIComponent(location.pathname.split('/')[2] ?? ''),
  draft: null,
  /** Called after a successful write with the new draft; the page re-renders what it needs. */
  onChange: () => {},
};

export const draftUrl = (suffix = '') => `/api/rule-sets/${seg(draftState.id)}/draft${suffix}`;

/** One write to the draft: method + path under /draft, JSON body. Returns the new draft. */
export async function writeDraft(method, suffix, body) {
  const next = await api(method, draftUrl(suffix), { body, ifMatch: draftState.draft.revision });
  if (next && typeof next === 'object' && 'revision' in next) {
    draftState.draft = next;
    draftState.onChange(next);
  }
  return next;
}

export const doc = () => draftState.draft.document;
