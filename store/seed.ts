// Seeds reference tables (scales, minimum scores) and the pseudonymisation key on every open; idempotent.

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DuckDBConnection } from '@duckdb/node-api';

const SEEDS = fileURLToPath(new URL('./seeds/', import.meta.url));
const SQL = readFileSync(fileURLToPath(new URL('./seed.sql', import.meta.url)), 'utf8');

export const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

export async function seedReferenceTables(conn: DuckDBConnection): Promise<void> {
  const sql = SQL.replaceAll('{{SEEDS}}', SEEDS.replace(/'/g, "''")).replace(
    '{{SECRET}}',
    sqlString(randomBytes(32).toString('hex')),
  );
  await conn.run('BEGIN TRANSACTION');
  try {
    await conn.run(sql);
    await conn.run('COMMIT');
  } catch (e) {
    await conn.run('ROLLBACK');
    throw e;
  }
}
