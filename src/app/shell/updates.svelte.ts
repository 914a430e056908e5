// What the service worker has told this page: the site now works offline, or a new version
// is installed and waits for the user. sw-register.ts fills it (built site only);
// UpdateNotice.svelte shows it. The prerendered home page and the dev server leave it empty.

/** How long the quiet "works offline" note stays before it goes by itself. */
export const OFFLINE_NOTE_MS = 8000;
/** How long to wait for the new version to take over before saying it did not. */
const TAKEOVER_MS = 8000;

class Updates {
  /** The whole site is cached: it loads without a network from now on. */
  offlineReady = $state(false);
  /** A new version is installed and waits until the user reloads into it. */
  waiting = $state(false);
  /** The user asked for the new version; the page reloads once it has taken over. */
  applying = $state(false);
  /** Why the new version could not be started, in words for the user. */
  failed = $state<string | undefined>();
  #activate: (() => Promise<void>) | undefined;

  /** Called by the registration with its "skip waiting" function. */
  connect(activate: () => Promise<void>): void {
    this.#activate = activate;
  }

  /** Starts the waiting version; the page reloads when it controls the page. */
  async update(): Promise<void> {
    if (!this.#activate || this.applying) return;
    this.applying = true;
    this.failed = undefined;
    try {
      await this.#activate();
    } catch (e) {
      this.applying = false;
      this.failed = `The new version could not be started (${String((e as Error)?.message ?? e)}).`;
      return;
    }
    // The reload comes from the service worker's "controlling" event; if the new worker
    // never takes over (another tab or the browser held it back), say so instead of waiting.
    setTimeout(() => {
      if (!this.applying) return;
      this.applying = false;
      this.failed = 'The new version has not taken over yet. Close the other tabs of this site, then reload.';
    }, TAKEOVER_MS);
  }

  dismiss(): void {
    this.waiting = false;
    this.failed = undefined;
  }
}

export const updates = new Updates();
