// Reactive progress for the pages, backed by store.ts (versioned key, migration, reset).
import {
  emptyProgress,
  loadProgress,
  own,
  saveProgress,
  withAttempt,
  withLesson,
  type ChallengeProgress,
  type LessonProgress,
  type Progress,
} from './store';

function storage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

class ProgressState {
  value = $state.raw<Progress>(emptyProgress());
  /** A sentence for the page when saved data was reset or migrated. */
  notice = $state<string | undefined>(undefined);

  init(): void {
    const r = loadProgress(storage());
    this.value = r.progress;
    this.notice = r.notice;
  }

  lesson(id: string): LessonProgress | undefined {
    return this.value.lessons[id];
  }

  update(id: string, f: (l: LessonProgress) => LessonProgress): void {
    this.#save(withLesson(this.value, id, f));
  }

  challenge(id: string): ChallengeProgress | undefined {
    return own(this.value.challenges ?? {}, id);
  }

  /** A graded run of the student's changes to a challenge. */
  attempt(id: string, solved: boolean): void {
    this.#save(withAttempt(this.value, id, solved));
  }

  #save(next: Progress): void {
    this.value = next;
    if (!saveProgress(storage(), this.value))
      this.notice = 'Progress could not be saved in this browser (storage is full or blocked).';
  }

  reset(): void {
    this.value = emptyProgress();
    saveProgress(storage(), this.value);
    this.notice = undefined;
  }
}

export const progress = new ProgressState();
