import { BatchParams, PartRecord } from './batch.types';

/** A file a part produced, kept as a BatchFile row. */
export interface PartFile {
  name: string;
  mediaType: string;
  content: Buffer;
  sha256: string;
}

/**
 * What one part of a batch did, before it is committed: its files, and the writes that belong
 * with them (the register of issued files, stored evaluations), run by the processor inside the
 * part's one transaction so that all of a part is kept or none of it.
 */
export interface PartOutcome {
  files: PartFile[];
  record: Omit<PartRecord, 'part' | 'items'>;
  /** Writes to make in the part's transaction (nested PrismaService.write calls join it). */
  store(): Promise<void>;
}

/** The work of one batch kind on one part's items, run as the batch's requester. */
export interface PartWork {
  run(items: string[], params: BatchParams, batchId: string): Promise<PartOutcome>;
}
