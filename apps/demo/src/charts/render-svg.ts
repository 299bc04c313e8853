/**
 * Vega-Lite spec → SVG text, in Node with no browser and no canvas: vega's 'none' renderer
 * builds the scenegraph and toSVG() serialises it.
 */
import { writeFileAtomic } from '@backprop/core/node';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export async function writeSvg(path: string, spec: TopLevelSpec): Promise<void> {
  await writeFileAtomic(path, await renderSvg(spec));
}
