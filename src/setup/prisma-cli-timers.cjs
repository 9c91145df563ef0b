// Loaded with `node --require` into the Prisma CLI only (set-up, tests). Prisma 6.19's
// WebAssembly schema engine leaves a timer of its own running once it is done (10 s after
// `migrate deploy` on PostgreSQL, 60 s after `db push` on SQLite), and the CLI waits for it
// before it exits. Such timers (10 s or longer, set from the engine's WebAssembly) no longer keep
// the process alive; whatever the CLI still awaits (a query on its connection, a file) does.
'use strict';
const original = globalThis.setTimeout;
globalThis.setTimeout = function setTimeout(callback, ms, ...args) {
  const timer = original(callback, ms, ...args);
  if (ms >= 10_000 && typeof timer?.unref === 'function' && /wasm:\/\//.test(new Error().stack ?? '')) timer.unref();
  return timer;
};
