// Which side panel of the workbench is open: the step log or the packet inspector. A rune
// object shared by the workbench (tabs) and the lesson text ("open the inspector" links),
// so a lesson can point at a panel and have it appear.
export type PanelName = 'log' | 'inspector';

export const PANEL_TITLES: Record<PanelName, string> = { log: 'Step log', inspector: 'Inspector' };

class Panels {
  open = $state<PanelName | undefined>(undefined);

  show(p: PanelName): void {
    this.open = p;
  }

  toggle(p: PanelName): void {
    this.open = this.open === p ? undefined : p;
  }

  close(): void {
    this.open = undefined;
  }
}

export const panels = new Panels();

export const isPanelName = (s: string | undefined): s is PanelName => s === 'log' || s === 'inspector';
