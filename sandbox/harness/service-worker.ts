import type { CDPSession } from 'playwright-core';
import type { Session } from './session';
import type { ChromiumTab } from './chromium';
import { waitUntil } from './wait';

/**
 * The extension's service worker in Chromium, over a browser-level DevTools session: stopping it as the browser does
 * when it is idle (30 s) or has run 5 minutes, its uncaught errors whichever worker instance threw them, and its heap.
 * Chromium only: Firefox's background is an event page the automation cannot stop.
 */
export class ServiceWorkerWatch {
  /** Uncaught exceptions and unhandled rejections of every instance of the worker since the watch began. */
  readonly errors: string[] = [];
  /** How many instances the watch has seen start (the first included). */
  started = 0;
  private attached = new Map<string, string>();
  private nextId = 1;
  private replies = new Map<number, (message: { result?: unknown; error?: { message: string } }) => void>();

  private constructor(
    private readonly cdp: CDPSession,
    private readonly origin: string,
  ) {}

  /** `attach: false`: only stop the worker, without reading its errors or heap (nothing attaches to it). */
  static async start(
    session: Session,
    tab: ChromiumTab,
    { attach = true } = {},
  ): Promise<ServiceWorkerWatch> {
    const browser = tab.page.context().browser();
    if (!browser) throw new Error('no browser-level CDP session');
    const watch = new ServiceWorkerWatch(await browser.newBrowserCDPSession(), session.extensionOrigin);
    if (!attach) return watch;
    watch.cdp.on('Target.targetCreated', ({ targetInfo }) => void watch.attach(targetInfo));
    watch.cdp.on('Target.detachedFromTarget', ({ sessionId }) => {
      for (const [targetId, id] of watch.attached) if (id === sessionId) watch.attached.delete(targetId);
    });
    watch.cdp.on('Target.receivedMessageFromTarget', ({ message }) => watch.receive(message));
    await watch.cdp.send('Target.setDiscoverTargets', { discover: true });
    for (const info of (await watch.cdp.send('Target.getTargets')).targetInfos) await watch.attach(info);
    return watch;
  }

  private isOurs(info: { type: string; url: string }): boolean {
    return info.type === 'service_worker' && info.url.startsWith(`${this.origin}/`);
  }

  private async attach(info: { targetId: string; type: string; url: string }): Promise<void> {
    if (!this.isOurs(info) || this.attached.has(info.targetId)) return;
    this.attached.set(info.targetId, '');
    this.started += 1;
    try {
      // Not flattened: Playwright's CDPSession sends on its own session only, so messages go through the browser's.
      const { sessionId } = await this.cdp.send('Target.attachToTarget', {
        targetId: info.targetId,
        flatten: false,
      });
      this.attached.set(info.targetId, sessionId);
      await this.call(sessionId, 'Runtime.enable');
    } catch {
      // The worker stopped before the watch reached it: nothing of it to watch.
      this.attached.delete(info.targetId);
    }
  }

  private receive(text: string): void {
    const message = JSON.parse(text) as {
      id?: number;
      method?: string;
      params?: {
        exceptionDetails?: {
          text: string;
          exception?: { description?: string };
          stackTrace?: { callFrames: { functionName: string; url: string; lineNumber: number }[] };
        };
      };
      result?: unknown;
      error?: { message: string };
    };
    if (message.id !== undefined) {
      this.replies.get(message.id)?.(message);
      this.replies.delete(message.id);
    } else if (message.method === 'Runtime.exceptionThrown' && message.params?.exceptionDetails) {
      const details = message.params.exceptionDetails;
      const frames = (details.stackTrace?.callFrames ?? [])
        .slice(0, 3)
        .map(
          (f) => `${f.functionName || '(anonymous)'} ${f.url.replace(this.origin, '')}:${f.lineNumber + 1}`,
        );
      this.errors.push(
        `${details.text} ${details.exception?.description ?? ''}${frames.length ? ` at ${frames.join(' < ')}` : ''}`.trim(),
      );
    }
  }

  private call<T>(sessionId: string, method: string, params: object = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.replies.delete(id);
        reject(new Error(`${method}: no answer from the service worker`));
      }, 5000);
      this.replies.set(id, (reply) => {
        clearTimeout(timer);
        if (reply.error) reject(new Error(`${method}: ${reply.error.message}`));
        else resolve(reply.result as T);
      });
      this.cdp
        .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) })
        .catch((error: Error) => {
          clearTimeout(timer);
          this.replies.delete(id);
          reject(error);
        });
    });
  }

  private async running(): Promise<{ targetId: string } | undefined> {
    return (await this.cdp.send('Target.getTargets')).targetInfos.find((info) => this.isOurs(info));
  }

  /** The running worker's JS heap after a garbage collection, in bytes; null when no worker runs. */
  async heap(): Promise<number | null> {
    const worker = await this.running();
    if (!worker) return null;
    await this.attach({ ...worker, type: 'service_worker', url: `${this.origin}/` });
    const sessionId = this.attached.get(worker.targetId);
    if (!sessionId) return null;
    await this.call(sessionId, 'HeapProfiler.collectGarbage');
    return (await this.call<{ usedSize: number }>(sessionId, 'Runtime.getHeapUsage')).usedSize;
  }

  /**
   * Stops the worker the way Chromium does (Target.closeTarget on its target, what Puppeteer's WebWorker.close
   * does) and waits until it is gone. False when none was running.
   */
  async stop(): Promise<boolean> {
    const worker = await this.running();
    if (!worker) return false;
    const { success } = await this.cdp.send('Target.closeTarget', { targetId: worker.targetId });
    if (!success) throw new Error('the service worker did not stop');
    await waitUntil(
      'the service worker to stop',
      async () => ((await this.running())?.targetId === worker.targetId ? undefined : true),
      3000,
    );
    return true;
  }

  async close(): Promise<void> {
    await this.cdp.detach().catch(() => undefined);
  }
}

/** Stops the extension's service worker once (bench/open-at-home.ts's asleep rounds). */
export async function stopServiceWorker(session: Session, tab: ChromiumTab): Promise<void> {
  const watch = await ServiceWorkerWatch.start(session, tab, { attach: false });
  try {
    await watch.stop();
  } finally {
    await watch.close();
  }
}
