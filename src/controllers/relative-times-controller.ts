import type {ReactiveController, ReactiveControllerHost} from 'lit';

/** How often "3 minutes ago" is brought up to date while the page is open. */
const EVERY_MS = 60_000;

/**
 * Keeps relative dates ("3 minutes ago") true in a page left open: once a minute, while the page is
 * visible, it rewrites the text of each `<time datetime>` in the host's shadow root. Written straight
 * into the text, not through a render: a big thread's thousands of comments are not rendered again for
 * it. (Lit leaves the text alone until a render brings a different value, which is a newer one.)
 */
export class RelativeTimesController implements ReactiveController {
  #timer?: ReturnType<typeof setInterval>;

  constructor(private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly phrase: (date: Date, now: number) => string) {
    host.addController(this);
  }

  hostConnected(): void {
    this.#timer ??= setInterval(() => this.refresh(), EVERY_MS);
  }

  hostDisconnected(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Rewrites every relative date now (a hidden page waits for its next minute). */
  refresh(now = Date.now()): void {
    if (document.visibilityState === 'hidden') return;
    for (const time of this.host.shadowRoot?.querySelectorAll<HTMLTimeElement>('time[datetime]') ?? []) {
      const date = new Date(time.dateTime);
      if (Number.isNaN(date.getTime())) continue;
      const text = this.phrase(date, now);
      if (time.textContent !== text) time.textContent = text;
    }
  }
}
