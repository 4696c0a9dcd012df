// Audit log: logins, uploads, exports and user changes. Never pass personal data of pupils here.
import type { Store } from './db.js';

export async function audit(
  store: Store,
  actor: string | null,
  action: string,
  target: string | null,
  details: unknown = null,
): Promise<void> {
  await store.conn.run(
    'INSERT INTO audit_log (logged_at, actor, action, target, details) VALUES (current_timestamp, $a, $c, $t, $d)',
    { a: actor, c: action, t: target, d: details === null ? null : JSON.stringify(details) },
  );
}
