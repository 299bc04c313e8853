/** The playground as a test drives it: the controls by name, and what the page shows, read back. */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export interface DoctorRow {
  readonly id: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface EpochRow {
  readonly epoch: number;
  readonly loss: number;
  readonly accuracy: number;
  readonly heldOut?: number;
  readonly samplesPerSecond: number;
}

export interface Settings {
  readonly dataset?: string;
  readonly hidden?: string;
  readonly activation?: string;
  readonly optimizer?: string;
  readonly lr?: number;
  readonly batchSize?: number;
  readonly epochs?: number;
  readonly seed?: number;
  readonly backend?: string;
  /** '' for no second lane. */
  readonly compareWith?: string;
}

export type Lane = 'a' | 'b';

const FINISHED = ['done', 'stopped', 'loaded', 'error'];

function parsePercent(text: string): number {
  return Number(text.replace('%', '')) / 100;
}

export class PlaygroundPage {
  /** Errors the page or its workers threw, and console errors: a test fails if any appear. */
  readonly errors: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.on('pageerror', (error) => this.errors.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') this.errors.push(`console error: ${message.text()}`);
    });
  }

  static async open(browser: Browser, baseUrl: string): Promise<PlaygroundPage> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 960 }, acceptDownloads: true });
    const page = await context.newPage();
    const playground = new PlaygroundPage(context, page);
    await page.goto(baseUrl);
    await page.waitForSelector('#doctor-table tbody tr', { state: 'attached', timeout: 120_000 });
    return playground;
  }

  async close(): Promise<void> {
    await this.context.close();
  }

  async doctor(): Promise<DoctorRow[]> {
    return this.page.$$eval('#doctor-table tbody tr', (rows) =>
      rows.map((row) => {
        const cells = [...row.querySelectorAll('td')].map((td) => td.textContent ?? '');
        return { id: cells[0] ?? '', ok: cells[1] === 'yes', detail: cells[2] ?? '' };
      }),
    );
  }

  async set(settings: Settings): Promise<void> {
    const { page } = this;
    // The dataset first: choosing one puts its own defaults in the other fields.
    if (settings.dataset !== undefined) {
      await page.selectOption('#dataset', settings.dataset);
      // The page loads the dataset, then fills in its settings: wait for that before changing them.
      await page.waitForFunction((name) => document.querySelector<HTMLElement>('#dataset-description')?.dataset.dataset === name, settings.dataset, { timeout: 30_000 });
    }
    const fields: [keyof Settings, string][] = [['hidden', '#hidden'], ['lr', '#lr'], ['batchSize', '#batch-size'], ['epochs', '#epochs'], ['seed', '#seed']];
    for (const [key, selector] of fields) if (settings[key] !== undefined) await page.fill(selector, String(settings[key]));
    if (settings.activation !== undefined) await page.selectOption('#activation', settings.activation);
    if (settings.optimizer !== undefined) await page.selectOption('#optimizer', settings.optimizer);
    if (settings.backend !== undefined) await page.selectOption('#backend-a', settings.backend);
    if (settings.compareWith !== undefined) await page.selectOption('#backend-b', settings.compareWith);
  }

  /** Presses Train and waits until every shown lane has finished; returns their final states. */
  async train(timeoutMs = 150_000): Promise<Record<Lane, string>> {
    await this.page.click('#train');
    await this.page.waitForFunction(() => (document.querySelector('#train') as HTMLButtonElement).disabled, null, { timeout: 10_000 });
    return this.waitForLanes(timeoutMs);
  }

  async waitForLanes(timeoutMs: number): Promise<Record<Lane, string>> {
    await this.page.waitForFunction(
      (finished) => [...document.querySelectorAll<HTMLElement>('.lane:not([hidden])')].every((lane) => finished.includes(lane.dataset.state ?? '')),
      FINISHED,
      { timeout: timeoutMs },
    );
    return this.page.evaluate(() => ({
      a: document.querySelector<HTMLElement>('#lane-a')!.dataset.state ?? '',
      b: document.querySelector<HTMLElement>('#lane-b')!.dataset.state ?? '',
    }));
  }

  async status(lane: Lane): Promise<string> {
    return (await this.page.textContent(`#lane-${lane} .status`)) ?? '';
  }

  async figure(lane: Lane, name: string): Promise<string> {
    return (await this.page.textContent(`#lane-${lane} dd[data-figure="${name}"]`)) ?? '';
  }

  async accuracy(lane: Lane): Promise<number> {
    return parsePercent(await this.figure(lane, 'accuracy'));
  }

  async epochLog(lane: Lane): Promise<EpochRow[]> {
    const rows = await this.page.$$eval(`#lane-${lane} .epoch-log tbody tr`, (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    return rows.map(([epoch, loss, accuracy, heldOut, speed]) => ({
      epoch: Number(epoch),
      loss: Number(loss),
      accuracy: parsePercent(accuracy!),
      ...(heldOut ? { heldOut: parsePercent(heldOut) } : {}),
      samplesPerSecond: Number(speed!.replaceAll(',', '')),
    }));
  }

  /** The boundary canvas as a PNG data URL, and the epoch it shows. */
  async boundary(lane: Lane): Promise<{ epoch: string | undefined; png: string }> {
    return this.page.$eval(`#lane-${lane} canvas.boundary`, (canvas) => ({ epoch: (canvas as HTMLCanvasElement).dataset.epoch, png: (canvas as HTMLCanvasElement).toDataURL('image/png') }));
  }

  async startBoundary(lane: Lane): Promise<string> {
    return this.page.$eval(`#lane-${lane} canvas.boundary-start`, (canvas) => (canvas as HTMLCanvasElement).toDataURL('image/png'));
  }

  /** The fraction of pixels whose colour differs clearly between the boundary before training and now. */
  async boundaryDiffers(lane: Lane): Promise<number> {
    return this.page.evaluate((id) => {
      const pixels = (selector: string): Uint8ClampedArray => {
        const canvas = document.querySelector<HTMLCanvasElement>(`#lane-${id} ${selector}`)!;
        return canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      };
      const before = pixels('canvas.boundary-start');
      const now = pixels('canvas.boundary');
      if (before.length !== now.length) throw new Error(`the two boundary canvases differ in size: ${before.length} and ${now.length} bytes`);
      let changed = 0;
      for (let i = 0; i < now.length; i += 4) {
        if (Math.abs(now[i]! - before[i]!) + Math.abs(now[i + 1]! - before[i + 1]!) + Math.abs(now[i + 2]! - before[i + 2]!) > 30) changed++;
      }
      return changed / (now.length / 4);
    }, lane);
  }

  /** Presses a button that downloads a file; returns the file's text and where it was saved. */
  async download(buttonSelector: string, saveAs: string): Promise<string> {
    const [download] = await Promise.all([this.page.waitForEvent('download', { timeout: 60_000 }), this.page.click(buttonSelector)]);
    await download.saveAs(saveAs);
    return readFileSync(saveAs, 'utf8');
  }

  /** Loads a model file through the page's file input and waits until lane A shows it (or fails). */
  async loadModel(path: string): Promise<string> {
    await this.page.setInputFiles('#load-model', path);
    await this.page.waitForFunction(() => ['loaded', 'error'].includes(document.querySelector<HTMLElement>('#lane-a')!.dataset.state ?? ''), null, { timeout: 120_000 });
    return (await this.page.getAttribute('#lane-a', 'data-state')) ?? '';
  }
}
