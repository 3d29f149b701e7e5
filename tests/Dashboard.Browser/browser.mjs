// Debian's chromium driven by playwright-core (no browser download): headless, in a fresh profile, with the
// flags that keep it from reaching out to the network on its own.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.VIST_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-quic', '--no-first-run', '--disable-sync'];

/** A browser with one page of the given viewport; close() ends it and removes its profile. */
export async function launch(viewport) {
  const profile = mkdtempSync(join(tmpdir(), 'vist-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: FLAGS, viewport, acceptDownloads: true,
  });
  const page = context.pages()[0] ?? await context.newPage();
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  };
  return { page, close };
}
