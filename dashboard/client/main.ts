// Browser entry point (bundled by esbuild with @observablehq/plot): charts, table sort/filter, uploads, print.
import { initCharts } from './charts.js';
import { initTables } from './tables.js';
import { initUpload } from './upload.js';

function initPrint(): void {
  document
    .querySelectorAll<HTMLElement>('[data-print]')
    .forEach((b) => b.addEventListener('click', () => window.print()));
}

initTables();
initUpload();
initPrint();
initCharts();
