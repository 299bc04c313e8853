/**
 * The worker the page trains in, so that the page never freezes however slow the backend:
 * one worker per lane (a second lane runs another backend side by side), a fresh one per run.
 */
import { diagnose } from '../backends/doctor.js';
import { findVariant } from '../backends/variants.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { Session } from './session.js';

const post = (message: FromWorker, transfer: Transferable[] = []): void => self.postMessage(message, { transfer });
const session = new Session(post);

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

self.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  const run = async (): Promise<void> => {
    switch (message.type) {
      case 'diagnose': {
        const variant = findVariant(message.variant);
        if (!variant) throw new Error(`diagnose: unknown backend variant '${message.variant}'`);
        post({ type: 'diagnosis', status: await diagnose(variant) });
        return;
      }
      case 'train':
        return session.train(message.variant, message.config);
      case 'stop':
        session.requestStop();
        return;
      case 'save':
        return session.save();
      case 'load':
        return session.load(message.variant, message.modelText, message.dataset);
    }
  };
  run().catch((error: unknown) => post({ type: 'error', message: messageOf(error) }));
});
