// Dawn in Node on a machine without a GPU: Chromium's SwiftShader Vulkan driver (Debian's
// chromium package ships it), and a writable XDG_RUNTIME_DIR (Dawn prints errors without one).
// Set only when the user has not chosen: a GPU machine's own VK_ICD_FILENAMES/VK_DRIVER_FILES win.
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

if (process.env['VK_ICD_FILENAMES'] === undefined && process.env['VK_DRIVER_FILES'] === undefined && existsSync(SWIFTSHADER_ICD)) {
  process.env['VK_ICD_FILENAMES'] = SWIFTSHADER_ICD;
}
if (process.env['XDG_RUNTIME_DIR'] === undefined) {
  const dir = join(tmpdir(), `backprop-xdg-${process.getuid?.() ?? 'user'}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  process.env['XDG_RUNTIME_DIR'] = dir;
}
