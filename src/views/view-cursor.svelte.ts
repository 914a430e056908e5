// The cursor the lab's mechanism view draws at: the player's, one task later. A step's
// keydown then only moves the stepper and the layer stage, and the mechanism view (the
// heaviest drawing: a 256-entry ring's table, dials, cache lines and bytes) renders in a
// task of its own, so no single task pays for both. While → is held or a run plays fast,
// moves that come before the view has drawn are coalesced: it draws the newest cursor, and
// `previous` is the cursor it last drew, so its "what changed" outlines cover every step
// it skipped rather than only the last one.
export class ViewCursor {
  cursor = $state(-1);
  previous = $state(-1);
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(cursor: number, previous: number) {
    this.cursor = cursor;
    this.previous = previous;
  }

  /** The player moved to `cursor` from `previous`; a jump (previous === cursor) shows no change. */
  follow(cursor: number, previous: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (cursor === this.cursor && previous !== cursor) return;
      this.previous = previous === cursor ? cursor : this.cursor;
      this.cursor = cursor;
    }, 0);
  }

  destroy(): void {
    clearTimeout(this.#timer);
  }
}
