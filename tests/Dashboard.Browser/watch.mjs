// One browser watching a running `vist run --ui` for a while, as a user would leave it open: for measuring what
// the dashboard costs the run, and for the README's screenshots.
//
//   node watch.mjs URL SECONDS [SCREENSHOT.png [CELL ...]]   (the cells are clicked first: focus, then compare)

import { launch } from './browser.mjs';

const [url, seconds, screenshot, ...cells] = process.argv.slice(2);
if (!seconds) {
  console.error('usage: node watch.mjs URL SECONDS [SCREENSHOT.png [CELL ...]]');
  process.exit(2);
}
const { page, close } = await launch({ width: 1440, height: 900 });
try {
  await page.goto(url);
  await page.waitForSelector('body[data-connected="true"]');
  for (const [i, cell] of cells.entries())
    await page.locator(`#mosaic circle[data-cell="${cell}"]`).click({ modifiers: i === 0 ? [] : ['Shift'] });
  await page.waitForTimeout(Number(seconds) * 1000);
  if (screenshot) await page.screenshot({ path: screenshot });
} finally {
  await close();
}
