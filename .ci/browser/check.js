// Opens a notebook in Jupyter Notebook 6 with headless Chromium (playwright-core),
// runs all cells through the menu (Cell > Run All), waits for every code cell to
// finish, checks for image outputs and no error output, saves a screenshot and the
// notebook as the browser saved it. Exit 0 = pass, 1 = check failed, 2 = harness error.
//
// usage: node check.js BASE_URL TOKEN NOTEBOOK_PATH SCREENSHOT.png [TIMEOUT_SECONDS]
'use strict';
const { chromium } = require('playwright-core');

const [base, token, nbPath, shot, timeoutArg] = process.argv.slice(2);
if (!shot) {
  console.error('usage: node check.js BASE_URL TOKEN NOTEBOOK_PATH SCREENSHOT.png [TIMEOUT_SECONDS]');
  process.exit(2);
}
const runTimeout = 1000 * Number(timeoutArg || 900);
const t0 = Date.now();
const log = (...a) => console.log(`[browser ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // playwright gives every launch a fresh temporary --user-data-dir.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage'],
  });
  const problems = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const jsErrors = [];
    page.on('pageerror', e => jsErrors.push(String(e)));
    page.on('console', m => { if (m.type() === 'error') jsErrors.push(m.text()); });
    // Only the notebook server is reachable; anything else would be a leak to the internet.
    await page.route(u => !u.href.startsWith(base), r => { log('blocked request', r.request().url()); r.abort(); });

    const url = `${base}/notebooks/${encodeURI(nbPath)}?token=${token}`;
    log('open', url.replace(token, '<token>'));
    await page.goto(url, { waitUntil: 'load', timeout: 60000 });
    // Kernel started and connected, and it is ours.
    await page.waitForFunction(() => window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel &&
      Jupyter.notebook.kernel.is_connected() && Jupyter.notebook.kernel.info_reply &&
      Jupyter.notebook.kernel.info_reply.status === 'ok', null, { timeout: 120000, polling: 250 });
    const info = await page.evaluate(() => ({
      kernel: Jupyter.notebook.kernel.name,
      lang: Jupyter.notebook.kernel.info_reply.language_info,
      implementation: Jupyter.notebook.kernel.info_reply.implementation,
      cells: Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code').length,
    }));
    log('kernel ready:', JSON.stringify(info));
    if (info.kernel !== 'eoslab') problems.push(`kernel is ${info.kernel}, not eoslab`);
    if (!info.lang || info.lang.name !== 'go') problems.push(`language_info.name is not go: ${JSON.stringify(info.lang)}`);

    // Clear outputs left in the committed notebook so that everything checked below
    // was produced in this run, then Cell > Run All through the menu like a user.
    await page.evaluate(() => {
      Jupyter.notebook.clear_all_output();
      for (const c of Jupyter.notebook.get_cells()) if (c.cell_type === 'code') c.set_input_prompt(null);
    });
    await page.click('#celllink');
    await page.click('#run_all_cells');
    log('Cell > Run All clicked');

    // Done = no cell queued/running ("*"), every code cell has a number, kernel idle.
    const done = () => {
      const cells = Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code');
      const busy = cells.some(c => c.input_prompt_number === '*');
      const status = document.querySelector('#kernel_indicator_icon');
      const idle = status && status.classList.contains('kernel_idle_icon');
      const ran = cells.filter(c => typeof c.input_prompt_number === 'number').length;
      const errored = cells.some(c => c.output_area.outputs.some(o => o.output_type === 'error'));
      return { busy, idle, ran, errored, total: cells.length };
    };
    let last = '';
    const deadline = Date.now() + runTimeout;
    let state;
    for (;;) {
      state = await page.evaluate(done);
      const s = `${state.ran}/${state.total} cells executed${state.busy ? ', running' : ''}${state.idle ? ', kernel idle' : ''}`;
      if (s !== last) { log(s); last = s; }
      if (!state.busy && state.idle && state.ran === state.total) break;
      // a cell that failed aborts the rest of the queue: stop waiting, report below
      if (!state.busy && state.idle && state.errored) break;
      if (Date.now() > deadline) { problems.push(`timed out after ${runTimeout / 1000}s: ${s}`); break; }
      await page.waitForTimeout(500);
    }
    // Let the last outputs render (images decode asynchronously).
    await page.waitForTimeout(1000);

    const report = await page.evaluate(() => {
      const imgs = [...document.querySelectorAll('.output_png img')];
      return {
        images: imgs.length,
        brokenImages: imgs.filter(i => !(i.complete && i.naturalWidth > 0)).length,
        svgs: document.querySelectorAll('.output_svg svg').length,
        errors: [...document.querySelectorAll('.output_error')].map(e => e.innerText.slice(0, 2000)),
        // Notebook 6 draws nothing for an error whose traceback is empty, so also
        // look at the outputs the page holds in its model.
        modelErrors: Jupyter.notebook.get_cells().flatMap((c, i) => (c.output_area ? c.output_area.outputs : [])
          .filter(o => o.output_type === 'error').map(o => `cell ${i}: ${o.ename}: ${o.evalue} (traceback: ${(o.traceback || []).length} lines)`)),
        // Notebook 6 sizes an SVG's box from its width attribute and does not
        // shrink it: a figure wider than the output area is cut off on the right.
        clipped: [...document.querySelectorAll('.output_svg > div, .output_png img')].map(el => {
          const area = el.closest('.output_subarea').getBoundingClientRect();
          const r = el.getBoundingClientRect();
          return r.right > area.right + 1 ? `${Math.round(r.width)}px-wide image in a ${Math.round(area.width)}px output area` : null;
        }).filter(Boolean),
        notRun: Jupyter.notebook.get_cells().map((c, i) => [i, c]).filter(([, c]) => c.cell_type === 'code' &&
          typeof c.input_prompt_number !== 'number').map(([i]) => i),
      };
    });
    // Notebook 6 prefers image/svg+xml over image/png when a bundle has both (as
    // eoslab's figures do), so a figure shows as .output_svg; either counts.
    log(`outputs: ${report.images} PNG images (${report.brokenImages} not rendered), ${report.svgs} SVG images, ${report.errors.length} errors`);
    for (const c of report.clipped) log(`WARN image cut off: ${c}`);
    if (report.images + report.svgs === 0) problems.push('no image output (.output_png img or .output_svg svg) on the page');
    if (report.brokenImages) problems.push(`${report.brokenImages} PNG images did not decode`);
    for (const e of report.errors) problems.push(`error output:\n${e}`);
    if (report.modelErrors.length > report.errors.length) problems.push(`error outputs in the notebook model: ${report.modelErrors.join('; ')}`);
    if (report.notRun.length) problems.push(`code cells not executed: ${report.notRun.join(', ')}`);

    // Save through the UI, so the harness can keep what the browser wrote to disk.
    await page.evaluate(() => Jupyter.notebook.save_notebook());
    await page.waitForFunction(() => !Jupyter.notebook.dirty, null, { timeout: 30000 }).catch(() => problems.push('notebook did not save'));
    // Notebook 6 scrolls inside #site, not the document: grow the viewport to the
    // whole notebook (capped) so the screenshot shows every cell.
    const h = await page.evaluate(() => {
      const site = document.querySelector('#site');
      return Math.ceil(site.getBoundingClientRect().top + site.scrollHeight + 20);
    });
    await page.setViewportSize({ width: 1280, height: Math.min(Math.max(h, 900), 30000) });
    await page.evaluate(() => { document.querySelector('#site').scrollTop = 0; });
    await page.waitForTimeout(500);
    await page.screenshot({ path: shot, fullPage: true });
    log(`screenshot ${shot} (1280x${Math.min(Math.max(h, 900), 30000)})`);
    if (jsErrors.length) log(`browser console errors (not fatal):\n  ${jsErrors.slice(0, 10).join('\n  ')}`);
  } finally {
    await browser.close();
  }
  if (problems.length) {
    for (const p of problems) console.log('FAIL', p);
    return 1;
  }
  log('PASS');
  return 0;
}

main().then(code => process.exit(code), e => { console.error('harness error:', e); process.exit(2); });
