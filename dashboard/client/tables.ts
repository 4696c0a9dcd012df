// Client-side sorting (click a column header) and filtering (select boxes) of server-rendered tables.
function cellKey(td: Element | undefined): string | number {
  if (!td) return '';
  const k = (td as HTMLElement).dataset.sort ?? td.textContent?.trim() ?? '';
  const n = Number(k);
  return k !== '' && Number.isFinite(n) ? n : k.toLocaleLowerCase('ru');
}

function sortable(table: HTMLTableElement): void {
  const heads = [...(table.tHead?.rows[0]?.cells ?? [])];
  heads.forEach((th, col) => {
    th.tabIndex = 0;
    th.classList.add('sortable');
    const sort = () => {
      const asc = th.getAttribute('aria-sort') !== 'ascending';
      heads.forEach((h) => h.removeAttribute('aria-sort'));
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      const body = table.tBodies[0]!;
      const rows = [...body.rows].sort((a, b) => {
        const x = cellKey(a.cells[col]),
          y = cellKey(b.cells[col]);
        const c =
          typeof x === 'number' && typeof y === 'number'
            ? x - y
            : String(x).localeCompare(String(y), 'ru', { numeric: true });
        return asc ? c : -c;
      });
      body.append(...rows);
    };
    th.addEventListener('click', sort);
    th.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        sort();
      }
    });
  });
}

function filters(box: HTMLElement): void {
  const table = document.querySelector<HTMLTableElement>(`#${box.dataset.filtersFor} table`);
  if (!table) return;
  const selects = [...box.querySelectorAll<HTMLSelectElement>('select[data-filter]')];
  const count = box.querySelector<HTMLElement>('[data-filter-count]');
  const apply = () => {
    let shown = 0;
    const rows = [...table.tBodies[0]!.rows];
    for (const tr of rows) {
      const ok = selects.every((s) => {
        if (!s.value) return true;
        const v = tr.dataset[s.dataset.filter!] ?? '';
        return s.dataset.filter === 'flag' ? v.split('|').includes(s.value) : v === s.value;
      });
      tr.hidden = !ok;
      if (ok) shown++;
    }
    if (count) count.textContent = `${box.dataset.countLabel ?? 'Показано ОО'}: ${shown} из ${rows.length}`;
  };
  selects.forEach((s) => s.addEventListener('change', apply));
  apply();
}

export function initTables(): void {
  document.querySelectorAll<HTMLTableElement>('table[data-sortable]').forEach(sortable);
  document.querySelectorAll<HTMLElement>('[data-filters-for]').forEach(filters);
}
