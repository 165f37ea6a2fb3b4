/**
 * The page's side of the service worker against a fake navigator.serviceWorker: it says when this version
 * is stored, offers a new one, and reloads only when the user accepted (an update, or isolation where the
 * host sends no headers) — never because a service worker took over.
 */
import { describe, expect, it } from 'vitest';
import { AppUpdate, type WorkerContainer } from '../../src/state/app-update.svelte';
import { settle } from '../support/fake-worker';

class FakeServiceWorker extends EventTarget {
  readonly messages: unknown[] = [];
  constructor(public state: ServiceWorkerState = 'installing') {
    super();
  }
  postMessage(message: unknown): void {
    this.messages.push(message);
  }
  to(state: ServiceWorkerState): void {
    this.state = state;
    this.dispatchEvent(new Event('statechange'));
  }
}

class FakeRegistration extends EventTarget {
  installing: FakeServiceWorker | null = null;
  waiting: FakeServiceWorker | null = null;
  active: FakeServiceWorker | null = null;
}

class FakeContainer extends EventTarget {
  controller: FakeServiceWorker | null = null;
  readonly registration = new FakeRegistration();
  failWith: Error | null = null;
  readonly registered: [string, RegistrationOptions | undefined][] = [];
  async register(url: string, options?: RegistrationOptions) {
    this.registered.push([url, options]);
    if (this.failWith) throw this.failWith;
    return this.registration as unknown as ServiceWorkerRegistration;
  }
  takeOver(worker: FakeServiceWorker): void {
    this.controller = worker;
    this.dispatchEvent(new Event('controllerchange'));
  }
}

function setup(options: { isolated?: boolean; controlled?: boolean } = {}) {
  const container = new FakeContainer();
  const current = new FakeServiceWorker('activated');
  if (options.controlled) {
    container.controller = current;
    container.registration.active = current;
  }
  let reloads = 0;
  const update = new AppUpdate({
    container: container as unknown as WorkerContainer,
    isolated: options.isolated ?? true,
    reload: () => reloads++,
  });
  return { container, registration: container.registration, update, reloads: () => reloads };
}

/** A first install as the browser runs it: installing, then active and in control of the page. */
function firstInstall(container: FakeContainer, worker: FakeServiceWorker): void {
  const registration = container.registration;
  registration.installing = null;
  registration.active = worker;
  worker.to('activating');
  worker.to('activated');
  container.takeOver(worker);
}

describe('AppUpdate', () => {
  it('first visit: registers beside the page, stores this version, and says when it is ready', async () => {
    const { container, registration, update, reloads } = setup();
    const worker = new FakeServiceWorker();
    registration.installing = worker;
    await update.start('./sw.js');
    expect(container.registered).toEqual([['./sw.js', { updateViaCache: 'none' }]]);
    expect(update.offline).toBe('installing');
    worker.to('installed');
    firstInstall(container, worker);
    expect(update.offline).toBe('ready');
    expect(update.updateReady).toBe(false);
    expect(update.isolationOnReload).toBe(false); // the host sent the headers: nothing to offer
    expect(reloads()).toBe(0);
  });

  it('on a host without headers, offers the reload that isolation needs, and reloads only when asked', async () => {
    const { container, registration, update, reloads } = setup({ isolated: false });
    const worker = new FakeServiceWorker();
    registration.installing = worker;
    await update.start('./sw.js');
    firstInstall(container, worker);
    expect(update.isolationOnReload).toBe(true);
    expect(reloads()).toBe(0);
    update.reloadForIsolation();
    expect(reloads()).toBe(1);
  });

  it('offers a new version, and switches to it only when the user accepts', async () => {
    const { container, registration, update, reloads } = setup({ controlled: true });
    await update.start('./sw.js');
    expect(update.offline).toBe('ready');
    const next = new FakeServiceWorker();
    registration.installing = next;
    registration.dispatchEvent(new Event('updatefound'));
    expect(update.updateReady).toBe(false);
    registration.installing = null;
    registration.waiting = next;
    next.to('installed');
    expect(update.updateReady).toBe(true);
    expect(next.messages).toEqual([]); // waits…
    expect(reloads()).toBe(0);

    update.apply(); // …until accepted
    expect(next.messages).toEqual([{ type: 'skip-waiting' }]);
    registration.waiting = null;
    registration.active = next;
    next.to('activated');
    container.takeOver(next);
    expect(reloads()).toBe(1);
  });

  it('does not reload when another tab switched versions', async () => {
    const { container, update, reloads } = setup({ controlled: true });
    await update.start('./sw.js');
    container.takeOver(new FakeServiceWorker('activated'));
    expect(reloads()).toBe(0);
  });

  it('says when the files could not be stored', async () => {
    const refused = setup();
    refused.container.failWith = new Error('The operation is insecure.');
    await refused.update.start('./sw.js');
    expect(refused.update.offline).toBe('failed');
    expect(refused.update.problem).toBe('The operation is insecure.');

    const broken = setup();
    const worker = new FakeServiceWorker();
    broken.registration.installing = worker;
    await broken.update.start('./sw.js');
    broken.registration.installing = null;
    worker.to('redundant'); // an install that could not fetch a file
    await settle();
    expect(broken.update.offline).toBe('failed');
  });

  it('does nothing without service workers (dev server, instrumented build, old browsers)', async () => {
    const update = new AppUpdate({ container: undefined, isolated: false, reload: () => {} });
    await update.start('./sw.js');
    expect(update.offline).toBe('none');
    expect(update.isolationOnReload).toBe(false);
  });
});
