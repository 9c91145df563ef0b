/**
 * Long loops on the event loop (evaluating hundreds of subjects) hand it back now and then, so
 * /health, sign-ins and page loads are answered meanwhile instead of after the whole batch.
 */

/** Resolves once the event loop has run the I/O callbacks that were waiting (a macrotask, not a microtask). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A pause to await before each step of a loop: it yields every `every` steps. An evaluation takes
 * 0.2–2 ms of the event loop depending on the machine's load, so 25 keep another request's wait
 * under about 50 ms, while the yields themselves cost microseconds.
 */
export function yieldEvery(every = 25): () => Promise<void> {
  let steps = 0;
  return async () => {
    if (++steps % every === 0) await yieldToEventLoop();
  };
}
