/**
 * Vitest global setup: headless GL needs an X display. When DISPLAY is unset, start a private
 * Xvfb (letting it pick a free display number, since another one may already run on :99) and
 * export DISPLAY so that the forked test workers inherit it; stop it when the run ends.
 * When DISPLAY is already set (a desktop, or `xvfb-run -a`), nothing is started.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const START_TIMEOUT_MS = 10_000;

function startXvfb(): Promise<{ display: string; server: ChildProcess }> {
  return new Promise((resolve, reject) => {
    // fd 3 is where Xvfb writes the display number it chose (-displayfd 3).
    const server = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '64x64x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    let chosen = '';
    let stderr = '';
    const timer = setTimeout(() => {
      server.kill();
      reject(new Error(`Xvfb did not report a display within ${START_TIMEOUT_MS} ms: ${stderr.trim()}`));
    }, START_TIMEOUT_MS);
    server.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    server.stdio[3]?.on('data', (chunk: Buffer) => {
      chosen += chunk.toString();
      if (chosen.includes('\n')) {
        clearTimeout(timer);
        resolve({ display: `:${chosen.trim()}`, server });
      }
    });
    server.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`could not start Xvfb (install it: apt-get install -y xvfb): ${err.message}`));
    });
    server.on('exit', (code) => {
      clearTimeout(timer);
      if (chosen === '') reject(new Error(`Xvfb exited with code ${String(code)} before choosing a display: ${stderr.trim()}`));
    });
  });
}

export default async function setup(): Promise<() => void> {
  if (process.env.DISPLAY) return () => undefined;
  const { display, server } = await startXvfb();
  process.env.DISPLAY = display;
  return () => {
    server.kill();
    delete process.env.DISPLAY;
  };
}
