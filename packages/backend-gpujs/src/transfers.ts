/**
 * Counts of values crossing between the caller's memory and the backend's storage. On GL modes
 * an upload is a texture upload and a download a readPixels; on webasm and cpu both are copies
 * into or out of the backend's typed arrays, counted the same way so tests read alike.
 */
export interface GpujsTransfers {
  /** fromArray calls. */
  readonly uploads: number;
  readonly uploadedValues: number;
  /** read / readSync calls. */
  readonly downloads: number;
  readonly downloadedValues: number;
}

export class TransferCounter {
  private counts = { uploads: 0, uploadedValues: 0, downloads: 0, downloadedValues: 0 };

  upload(values: number): void {
    this.counts.uploads++;
    this.counts.uploadedValues += values;
  }

  download(values: number): void {
    this.counts.downloads++;
    this.counts.downloadedValues += values;
  }

  snapshot(): GpujsTransfers {
    return { ...this.counts };
  }
}
