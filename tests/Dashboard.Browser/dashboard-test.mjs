// Drives the dashboard of a running `vist run --ui` in Debian's chromium, as a user would: moves a slider, clicks
// a cell, loads an example scene, types a value, saves the scene, uploads a bad and a good scene file, and takes a
// screenshot. Prints what it saw as one line "RESULT {json}"; the xunit test (DashboardBrowserTests.cs) checks it
// against the run's recording. Any step that does not happen within its time fails the script (exit code 1).
//
//   node dashboard-test.mjs URL OUT_DIR GOOD_SCENE.json BAD_SCENE.json

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from './browser.mjs';

const [url, outDir, goodScene, badScene] = process.argv.slice(2);
if (!badScene) {
  console.error('usage: node dashboard-test.mjs URL OUT_DIR GOOD_SCENE.json BAD_SCENE.json');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const STEP_MS = 30_000;
const result = { pageErrors: [] };

const { page, close } = await launch({ width: 1440, height: 900 });
page.on('pageerror', (e) => result.pageErrors.push(e.message));
page.on('console', (m) => { if (m.type() === 'error') result.pageErrors.push(`console: ${m.text()}`); });
page.setDefaultTimeout(STEP_MS);

try {
  await page.goto(url);
  await page.waitForSelector('body[data-connected="true"]');
  await page.waitForSelector('.layer[data-key="spot"]');
  await page.waitForFunction(() => Number(document.getElementById('preview').dataset.frame) >= 0);
  result.previewBefore = await previewCentre();

  // a slider moved with the mouse: a click at the left end of spot.contrast's track (towards -1: a dark spot)
  const slider = page.locator('[data-param="spot.contrast"] input[type=range]');
  const box = await slider.boundingBox();
  await page.mouse.click(box.x + 2, box.y + box.height / 2);
  const moved = page.locator('#events li[data-param="spot.contrast"][data-origin="dashboard"]').first();
  await moved.waitFor();
  result.slider = { frame: Number(await moved.getAttribute('data-frame')), text: await moved.textContent() };
  await page.waitForFunction((k) => Number(document.getElementById('preview').dataset.frame) > k + 2, result.slider.frame);
  result.previewAfter = await previewCentre();

  // a cell clicked on the mosaic is focused
  await page.locator('#mosaic circle[data-cell="12"]').click();
  await page.waitForFunction(() => document.getElementById('focus-title').textContent === 'Cell 12');
  result.focused = {
    title: await page.locator('#focus-title').textContent(),
    ringed: await page.locator('#mosaic circle[data-cell="12"]').evaluate((c) => c.classList.contains('focused')),
  };

  // an example scene from scenes/, then a value typed into a number box
  await page.selectOption('#example-select', 'grating.json');
  await page.click('#example-load');
  await page.waitForSelector('.layer[data-type="grating"]');
  const contrast = page.locator('[data-param="grating.contrast"] input[type=number]');
  await contrast.fill('0.25');
  await contrast.press('Enter');
  await page.locator('#events li[data-param="grating.contrast"]').first().waitFor();

  // the scene in force saved as a file
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save')]);
  result.saved = join(outDir, 'saved-scene.json');
  await download.saveAs(result.saved);

  // a broken scene file is refused with a reason naming it; a good one is loaded
  await page.setInputFiles('#upload', badScene);
  const refusal = page.locator('.toast.error').last();
  await refusal.waitFor();
  result.badUpload = await refusal.textContent();
  await page.setInputFiles('#upload', goodScene);
  await page.waitForSelector('.layer[data-key="uploaded"]');

  // the screenshot, after a moment for the views to fill with the new scene
  await page.waitForTimeout(1500);
  result.screenshot = join(outDir, 'dashboard.png');
  await page.screenshot({ path: result.screenshot });
  console.log('RESULT ' + JSON.stringify(result));
} catch (e) {
  await page.screenshot({ path: join(outDir, 'failure.png') }).catch(() => {});
  console.error(`the dashboard test failed: ${e.message}`);
  console.log('RESULT ' + JSON.stringify(result));
  process.exitCode = 1;
} finally {
  await close();
}

/** The luminance (0-255) at the centre of the stimulus preview, as drawn in the page. */
function previewCentre() {
  return page.evaluate(() => {
    const c = document.getElementById('preview');
    return c.getContext('2d').getImageData(c.width / 2, c.height / 2, 1, 1).data[0];
  });
}
