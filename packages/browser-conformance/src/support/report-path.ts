import { reportPath } from '@backprop/conformance';

/** Where a Chromium run writes its JSON report: reports/ beside the Node runs' naming. */
export function chromiumReport(variant: string): string {
  return `reports/${reportPath(`chromium ${variant}`)}`;
}
