/**
 * Writing a report file from a browser: the suite runs in vitest's browser mode, whose built-in
 * `writeFile` command hands the text to the Node side, which writes it relative to the vitest
 * project's root (the package folder, as the Node runs' working directory is).
 */
import * as browserContext from 'vitest/browser';

/** The part of vitest's browser `commands` used here (its types depend on the provider installed). */
interface FileCommands {
  writeFile(path: string, data: string): Promise<void>;
}

export async function writeTextFile(path: string, text: string): Promise<void> {
  const { commands } = browserContext as unknown as { commands: FileCommands };
  await commands.writeFile(path, text);
}
