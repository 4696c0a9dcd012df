// School identity, resolved when rows are written: each source row's school_ref → registry school_code (NULL when the
// school is not registered), within the namespace of its file's system. Builds read the stored code.

import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';
import { runSqlFile } from './sql-file.js';

const RESOLVE_SQL = fileURLToPath(new URL('./sql/resolve_schools.sql', import.meta.url));

/** Resolves the rows of one upload, or of every upload (`null`) after the registry or a committee link changed. */
export async function resolveSchools(conn: DuckDBConnection, uploadId: number | null = null): Promise<void> {
  await runSqlFile(conn, RESOLVE_SQL, { upload: uploadId });
}
