// Client-side pagination for long lists (a year has up to a few hundred projects; the audit log
// grows without end). The current page is kept in ?page= so a reload or a link keeps the place.
import { h, fill, queryParam, setQuery } from './dom.js';

export const PAGE_SIZE = 20;

/** Renders `items` page by page: `renderRows(slice)` fills the table, the pager goes into `nav`. */
export function paginate(items, nav, renderRows, size = PAGE_SIZE) {
  const pages = Math.max(1, Math.ceil(items.length / size));
  let page = Math.min(pages, Math.max(1, Number(queryParam('page') ?? 1) || 1));

  const show = (n) => {
    page = Math.min(pages, Math.max(1, n));
    setQuery({ page: page === 1 ? null : page });
    renderRows(items.slice((page - 1) * size, page * size));
    draw();
  };

  const button = (label, target, disabled, current = false) =>
    h('button', { type: 'button', class: current ? 'page current' : 'page', disabled: disabled || current, 'aria-current': current ? 'page' : null, onclick: () => show(target) }, label);

  const draw = () => {
    if (pages <= 1) {
      fill(nav, items.length ? h('span', { class: 'muted' }, `共 ${items.length} 条`) : null);
      return;
    }
    const near = [];
    for (let n = Math.max(1, page - 2); n <= Math.min(pages, page + 2); n++) near.push(n);
    fill(nav,
      h('span', { class: 'muted' }, `共 ${items.length} 条，第 ${page}/${pages} 页`),
      button('上一页', page - 1, page === 1),
      near.map((n) => button(String(n), n, false, n === page)),
      button('下一页', page + 1, page === pages));
  };

  show(page);
  return { show };
}
