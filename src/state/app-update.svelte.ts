/**
 * The page's side of the service worker (workers/service-worker.ts): registers it, says when this version is
 * stored for offline use, and offers a new version once it is installed. Nothing here reloads the page on
 * its own: a new version waits until the user accepts it (the banner holds the button while a run is in
 * progress), and so does the isolation the service worker adds on hosts that send no headers.
 */

export type OfflineStatus =
  /** No service worker: the dev server, an instrumented build, or a browser without them. */
  | 'none'
  /** This version's files are being stored. */
  | 'installing'
  /** This version is stored: the app loads and scores with a bundled model without the network. */
  | 'ready'
  | 'failed';

/** What the class needs of navigator.serviceWorker (a fake in tests). */
export type WorkerContainer = Pick<ServiceWorkerContainer, 'controller' | 'register' | 'addEventListener'>;

export interface AppUpdateOptions {
  /** navigator.serviceWorker, or undefined where there is none. */
  container: WorkerContainer | undefined;
  /** Whether this page is cross-origin isolated (self.crossOriginIsolated). */
  isolated: boolean;
  reload: () => void;
}

export class AppUpdate {
  offline = $state<OfflineStatus>('none');
  /** Why storing failed, when it did. */
  problem = $state('');
  /** A new version is installed and waits for the user. */
  updateReady = $state(false);
  /**
   * This page loaded without cross-origin isolation, and the service worker, now in control, adds the headers
   * the host did not send: a reload gives the page WASM threads.
   */
  isolationOnReload = $state(false);
  private waiting: ServiceWorker | null = null;
  /** Set when the user accepted the update: the next change of controller reloads the page. */
  private accepted = false;

  constructor(private readonly options: AppUpdateOptions) {}

  /** Registers the service worker at `scriptUrl` (its folder is the app's scope) and follows its states. */
  async start(scriptUrl: string): Promise<void> {
    const container = this.options.container;
    if (!container) return;
    container.addEventListener('controllerchange', () => {
      if (this.accepted) this.options.reload();
      else if (!this.options.isolated) this.isolationOnReload = true;
    });
    if (container.controller && !this.options.isolated) this.isolationOnReload = true;
    this.offline = 'installing';
    let registration: ServiceWorkerRegistration;
    try {
      // The browser checks sw.js itself, past the HTTP cache, on every visit.
      registration = await container.register(scriptUrl, { updateViaCache: 'none' });
    } catch (error) {
      this.fail(error);
      return;
    }
    const refresh = () => this.follow(registration, container);
    const watch = (worker: ServiceWorker | null) =>
      worker?.addEventListener('statechange', () => {
        // An install that fails (a file could not be fetched) ends as 'redundant'; an older version stays.
        if (worker.state === 'redundant' && !registration.active && !registration.installing)
          this.fail('the files could not be stored for offline use');
        else refresh();
      });
    registration.addEventListener('updatefound', () => {
      watch(registration.installing);
      refresh();
    });
    watch(registration.installing);
    watch(registration.waiting);
    refresh();
  }

  private follow(registration: ServiceWorkerRegistration, container: WorkerContainer): void {
    // A version waits only while an older one controls pages: that is an update.
    if (registration.waiting && container.controller) {
      this.waiting = registration.waiting;
      this.updateReady = true;
    }
    if (registration.active?.state === 'activated') this.offline = 'ready';
    else if (registration.installing || registration.waiting || registration.active)
      this.offline = 'installing';
  }

  private fail(error: unknown): void {
    this.offline = 'failed';
    this.problem = error instanceof Error ? error.message : String(error);
  }

  /** Switches to the waiting version: it takes over, and this page reloads into it. */
  apply(): void {
    if (!this.waiting) return;
    this.accepted = true;
    this.waiting.postMessage({ type: 'skip-waiting' });
  }

  /** Reloads into the service worker's isolation headers (the user asked). */
  reloadForIsolation(): void {
    this.options.reload();
  }
}
