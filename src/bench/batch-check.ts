import Database from 'better-sqlite3';
import { createPostgresPool } from '../prisma/postgres-pool';
import { MARKER_PREFIX } from '../jobs/batch.types';

/**
 * Reads what a batch left in the database, behind the API's back: bench:cluster counts the
 * BatchFile rows and the register of issued files itself, so a lost or doubled report cannot hide
 * behind a view that deduplicates. Read-only; SQLite file or PostgreSQL by the URL.
 */
interface Reader {
  rows<T>(sql: string, params: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

function open(databaseUrl: string): Reader {
  if (databaseUrl.startsWith('file:')) {
    const db = new Database(databaseUrl.slice('file:'.length), { readonly: true });
    return {
      // all() is not among the few methods src/cli/better-sqlite3.d.ts declares for the backup command.
      rows: async <T>(sql: string, params: unknown[]) => (db.prepare(sql) as unknown as { all(...p: unknown[]): T[] }).all(...params),
      close: async () => db.close(),
    };
  }
  const pool = createPostgresPool(databaseUrl, { max: 1 });
  return {
    rows: async <T>(sql: string, params: unknown[]) => {
      let n = 0;
      return (await pool.query(sql.replace(/\?/g, () => `$${++n}`), params)).rows as T[];
    },
    close: () => pool.end(),
  };
}

export interface BatchAudit {
  /** BatchFile rows of the batch (part markers excluded). */
  files: number;
  /** Expected projects with no file, and with more than one. */
  lost: string[];
  duplicated: string[];
  /** Register rows written for the batch's files since `issuedAfterId`, and how many evaluations they name. */
  issued: number;
  issuedEvaluations: number;
}

/** The register's newest row id now: rows after it belong to what runs next. */
export async function lastIssuedId(databaseUrl: string): Promise<number> {
  const db = open(databaseUrl);
  try {
    const [row] = await db.rows<{ id: number | null }>('SELECT MAX("id") AS "id" FROM "IssuedDocument"', []);
    return Number(row?.id ?? 0);
  } finally {
    await db.close();
  }
}

/**
 * Every expected project's scorecard stored exactly once for the batch (a file name carries its
 * project id in full-width brackets, scorecardFileName), and registered exactly once.
 */
export async function auditBatch(databaseUrl: string, batchId: string, projectIds: string[], issuedAfterId: number): Promise<BatchAudit> {
  const db = open(databaseUrl);
  try {
    const files = await db.rows<{ name: string; sha256: string }>(`SELECT "name", "sha256" FROM "BatchFile" WHERE "batchId" = ? AND "name" NOT LIKE '${MARKER_PREFIX}%'`, [batchId]);
    const perProject = new Map(projectIds.map((id) => [id, 0]));
    for (const f of files) {
      const id = /（([^（）]+)）\.pdf$/.exec(f.name)?.[1];
      if (id !== undefined && perProject.has(id)) perProject.set(id, perProject.get(id)! + 1);
    }
    const hashes = new Set(files.map((f) => f.sha256));
    const issued = (await db.rows<{ evaluationId: string | null; pdfSha256: string }>('SELECT "evaluationId", "pdfSha256" FROM "IssuedDocument" WHERE "id" > ?', [issuedAfterId])).filter((r) => hashes.has(r.pdfSha256));
    return {
      files: files.length,
      lost: [...perProject].filter(([, n]) => n === 0).map(([id]) => id),
      duplicated: [...perProject].filter(([, n]) => n > 1).map(([id]) => id),
      issued: issued.length,
      issuedEvaluations: new Set(issued.map((r) => r.evaluationId)).size,
    };
  } finally {
    await db.close();
  }
}
