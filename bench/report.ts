// The bench table: one line per figure — workload, value, reference measured in the same run, ratio, target,
// pass/fail — printed to the console and saved with the raw measurements in bench/results.json.
import { writeFileSync } from 'node:fs';
import { RESULTS_FILE } from './paths.js';

export interface Row {
  group: string;
  workload: string;
  value: string;
  reference: string;
  ratio: string;
  target: string;
  /** null = informational (no target for this figure). */
  pass: boolean | null;
}

const verdict = (p: boolean | null): string => (p === null ? '—' : p ? 'PASS' : 'FAIL');

export function printTable(rows: Row[]): void {
  const head = ['workload', 'value', 'reference', 'ratio', 'target', 'pass/fail'];
  const cells = rows.map((r) => [r.workload, r.value, r.reference, r.ratio, r.target, verdict(r.pass)]);
  const width = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(width[i]!)).join(' | ');
  console.log('\n' + line(head));
  console.log(width.map((w) => '-'.repeat(w)).join('-|-'));
  let group = '';
  for (let i = 0; i < rows.length; i++) {
    if (rows[i]!.group !== group && i > 0)
      console.log(
        width
          .map((w) => ' '.repeat(w))
          .join(' | ')
          .trimEnd(),
      );
    group = rows[i]!.group;
    console.log(line(cells[i]!));
  }
}

export function saveResults(data: {
  startedAt: string;
  mode: string;
  machine: Record<string, unknown>;
  rows: Row[];
  raw: Record<string, unknown>;
}): void {
  writeFileSync(RESULTS_FILE, JSON.stringify(data, null, 2) + '\n');
}
