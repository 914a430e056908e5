// What a student feels on a page while something happens: the main thread's long tasks
// (PerformanceObserver 'longtask': every task over 50 ms, with its length), the gaps
// between painted frames (requestAnimationFrame intervals) and their p95. Shared by
// ui.bench.mjs (holding → on each lab's heaviest scenario) and long-trace.mjs (a
// million-step trace). Targets (issue 13 item 6): no task over 50 ms, no gap over 100 ms,
// p95 frame time at or under 16.7 ms. Figures only; nothing here fails on them.

/** Call before the page's first navigation: keeps every long task from the start. */
export async function watchLongTasks(page) {
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, ms: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** The page's clock now (performance.now() there). */
export const pageNow = (page) => page.evaluate(() => performance.now());

/** Long tasks that started at or after `since` (page clock). */
export const longTasksSince = (page, since) =>
  page.evaluate((t) => (window.__longTasks ?? []).filter((x) => x.start >= t), since);

/** Start recording frame intervals in the page; `stopFrames` returns them. */
export async function startFrames(page) {
  await page.evaluate(() => {
    const gaps = (window.__frameGaps = []);
    let last = performance.now();
    window.__framesOn = true;
    const tick = (t) => {
      gaps.push(t - last);
      last = t;
      if (window.__framesOn) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

export async function stopFrames(page) {
  return page.evaluate(() => {
    window.__framesOn = false;
    // The first interval runs from the call to the first frame, not between two frames.
    return window.__frameGaps.slice(1);
  });
}

/** Worst long task, worst frame gap and the p95 frame time of one phase. */
export function summarise(tasks, gaps) {
  const g = [...gaps].sort((a, b) => a - b);
  const q = (p) => (g.length ? g[Math.min(g.length - 1, Math.floor(p * g.length))] : 0);
  return {
    tasks: tasks.length,
    worstTask: tasks.reduce((m, x) => Math.max(m, x.ms), 0),
    taskMs: tasks.reduce((n, x) => n + x.ms, 0),
    frames: g.length,
    p95: q(0.95),
    // The display's refresh interval, as the median gap: headless Chromium paints at 60 Hz,
    // and rAF timestamps put a frame that makes every vsync at 16.7 or 16.8 ms.
    vsync: q(0.5),
    worstGap: g.length ? g[g.length - 1] : 0,
  };
}

/**
 * The p95 target (16.7 ms) means "no frame late": a p95 within half a millisecond of the
 * measured refresh interval is a frame on every vsync (rounding of the 60 Hz clock), not a
 * miss; one beyond it means at least 5% of frames missed a vsync.
 */
const p95Mark = (s) => (s.p95 > 16.7 && s.p95 > s.vsync + 0.5 ? '!' : '');

/** One line: the figures beside their targets; "!" marks a figure over its target. */
export function describe(s) {
  const mark = (v, max) => (v > max ? '!' : '');
  return (
    `worst task ${s.worstTask.toFixed(0)} ms${mark(s.worstTask, 50)} (${s.tasks} over 50 ms), ` +
    `worst frame gap ${s.worstGap.toFixed(0)} ms${mark(s.worstGap, 100)}, ` +
    `p95 frame ${s.p95.toFixed(1)} ms${p95Mark(s)} over ${s.frames} frames (refresh ${s.vsync.toFixed(1)} ms)`
  );
}

/**
 * Hold a key for `ms` as a keyboard does: one keydown, then auto-repeats every `every` ms
 * (Chromium marks the repeats `repeat: true`), then the keyup. Measures meanwhile.
 */
export async function holdKey(page, key, ms, every = 33) {
  const t0 = await pageNow(page);
  await startFrames(page);
  const end = Date.now() + ms;
  while (Date.now() < end) {
    await page.keyboard.down(key);
    await new Promise((r) => setTimeout(r, every));
  }
  await page.keyboard.up(key);
  const gaps = await stopFrames(page);
  return summarise(await longTasksSince(page, t0), gaps);
}

/** Measure while `action` runs and for `settleMs` after it. */
export async function during(page, action, settleMs = 500) {
  const t0 = await pageNow(page);
  await startFrames(page);
  const t = Date.now();
  await action();
  await page.waitForTimeout(settleMs);
  const gaps = await stopFrames(page);
  return { ...summarise(await longTasksSince(page, t0), gaps), wallMs: Date.now() - t };
}
