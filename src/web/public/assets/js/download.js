// File downloads (PDF scorecards, ZIP batches, spreadsheets) through fetch rather than a plain
// link, so that a refused request shows the server's Chinese message on the page instead of a raw
// JSON error document, and so a long batch can show its progress while Chromium renders.
import { requestHeaders, send } from './api.js';
import { h } from './dom.js';

/** The file name from Content-Disposition (filename* first: Chinese names are sent that way). */
function fileNameOf(res, fallback) {
  const cd = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // fall through to the plain name
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(cd);
  return plain ? plain[1] : fallback;
}

/** Hands a blob to the browser as a saved file. */
export function saveBlob(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: fileName, hidden: true });
  document.body.append(a);
  a.click();
  // Keep the link a moment: the browser reads its download name while the save starts.
  setTimeout(() => {
    a.remove();
    URL.revokeObjectURL(url);
  }, 60_000);
}

/**
 * Downloads `url` and saves it. `progress` (optional) is a <progress> bar with a caption element:
 * indeterminate while the server renders, then bytes received once the file streams.
 * options: { method, body, fileName, label (what is being made), progress: { bar, caption } }.
 */
export async function download(url, options = {}) {
  const { bar, caption } = options.progress ?? {};
  const started = Date.now();
  const what = options.label ?? '正在生成';
  const tick = caption ? setInterval(() => (caption.textContent = `${what}，已用时 ${Math.round((Date.now() - started) / 1000)} 秒…`), 1000) : null;
  if (bar) {
    bar.removeAttribute('value');
    const box = bar.closest('.progress-box');
    if (box) box.hidden = false;
  }
  if (caption) caption.textContent = `${what}…`;
  try {
    const method = options.method ?? 'GET';
    const headers = requestHeaders(method, options.body ? { 'Content-Type': 'application/json' } : {});
    headers.Accept = '*/*';
    const res = await send(url, { method, headers, body: options.body ? JSON.stringify(options.body) : undefined });
    const total = Number(res.headers.get('content-length') ?? 0);
    const chunks = [];
    let received = 0;
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      if (bar && total) {
        bar.max = total;
        bar.value = received;
      }
      if (caption) caption.textContent = `正在下载 ${(received / 1048576).toFixed(1)} MB${total ? ` / ${(total / 1048576).toFixed(1)} MB` : ''}`;
    }
    const name = fileNameOf(res, options.fileName ?? 'download');
    saveBlob(new Blob(chunks, { type: res.headers.get('content-type') ?? 'application/octet-stream' }), name);
    if (bar) {
      bar.max = 1;
      bar.value = 1;
    }
    if (caption) caption.textContent = `已下载：${name}（用时 ${Math.round((Date.now() - started) / 1000)} 秒）`;
    return name;
  } catch (err) {
    if (caption) caption.textContent = '';
    if (bar) bar.value = 0;
    throw err;
  } finally {
    if (tick) clearInterval(tick);
  }
}

/** A progress bar with a caption, hidden until used. */
export function progressBox(label) {
  const bar = h('progress', { 'aria-label': label, max: 1, value: 0 });
  const caption = h('span', { class: 'progress-caption', role: 'status', 'aria-live': 'polite' });
  // Hidden until a download starts: an empty bar would look like something is stuck.
  const box = h('div', { class: 'progress-box', hidden: true }, bar, caption);
  return { box, bar, caption };
}
