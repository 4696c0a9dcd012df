import { vprCatalog, vprMark } from './vpr-works.js';
import { drawTaskScore, POP_SD } from './ability.js';
import { mulberry32, normal } from './rng.js';
const r = mulberry32(1);
const LEN: Record<number, number[]> = { 4: [-0.5, 0.1, 0.15] };
const LEN58 = [-1.0, -0.4, -0.25];
for (const w of vprCatalog().values()) {
  const len = LEN[w.grade] ?? LEN58;
  const marks = [0, 0, 0, 0, 0, 0], jm = [0, 0, 0, 0, 0, 0]; let down = 0, eq = 0, up = 0, n = 0, sum = 0;
  for (let i = 0; i < 4000; i++) {
    const th = POP_SD * normal(r);
    const tday = th + 0.2 * normal(r);
    let s = 0; for (const t of w.tasks) s += drawTaskScore(r, tday, t, w.fit);
    sum += s;
    const v = vprMark(w, s); marks[v]++;
    const t0 = th + 0.3 * normal(r) + 0.25 * normal(r);
    const j = t0 < w.cuts[0] + len[0]! ? 2 : t0 < w.cuts[1] + len[1]! ? 3 : t0 < w.cuts[2] + len[2]! ? 4 : 5;
    jm[j]++; n++;
    if (v < j) down++; else if (v === j) eq++; else up++;
  }
  console.log(w.subject, w.grade, 'max', w.max, 'pct', (sum / n / w.max).toFixed(2), 'V', marks.slice(2).map(x => (x / n).toFixed(2)).join('/'), 'J', jm.slice(2).map(x => (x / n).toFixed(2)).join('/'), 'KU', ((marks[4]! + marks[5]!) / n).toFixed(2), 'down/eq/up', (down / n).toFixed(2), (eq / n).toFixed(2), (up / n).toFixed(2), 'cuts', w.cuts.map(c => c.toFixed(2)).join(','));
}
