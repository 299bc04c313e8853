/** Saving text as a download, and reading a chosen file. */

export function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke later: the download may not have read the blob yet.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export async function readChosenFile(input: HTMLInputElement): Promise<{ name: string; text: string } | undefined> {
  const file = input.files?.[0];
  if (!file) return undefined;
  return { name: file.name, text: await file.text() };
}
