import { Response } from 'express';
import { revisionFrom } from '../common/query';
import { Draft } from './rule-set-drafts.service';

/** Sends the draft with its revision as the ETag, for the next If-Match. */
export function withEtag(res: Response, draft: Draft): Draft {
  res.setHeader('ETag', `"${draft.revision}"`);
  return draft;
}

/** The revision a write says it was based on (If-Match: "3"). */
export const ifMatch = (header: string | undefined) => revisionFrom(header, undefined);
