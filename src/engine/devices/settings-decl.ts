// What a device type offers a student to change: one declaration per setting, written
// beside the type's config reader (`<type>/settings.ts`) and read by the app's settings
// panel. A declaration only describes a field the reader already accepts; the panel still
// asks the loader about every value before offering it, so a declaration can never make
// the app offer what the loader refuses.

export type SettingKind =
  /** One of `choices`. */
  | 'choice'
  /** true or false. */
  | 'flag'
  /** A whole number in [min, max]. */
  | 'integer'
  /** A number in [min, max] (probabilities). */
  | 'number'
  /** Nanoseconds or a string like "10us"; min and max in nanoseconds. */
  | 'duration'
  | 'mac'
  | 'ipv4'
  | 'ipv6'
  /** An address with an optional prefix length, "10.0.0.5/24". */
  | 'cidr';

export interface SettingDecl {
  /**
   * Where the field sits under the node's `config`, dot-separated. `*` stands for every
   * element of an array (or every key of an object): one setting each. The setting is
   * listed where every object on the way exists (a macvtap setting only on a macvtap).
   */
  readonly at: string;
  /** List it even where objects on the way are missing; setting it creates them (an ACL policy, the EVB exponents). */
  readonly creates?: boolean;
  readonly label: string;
  readonly kind: SettingKind;
  readonly choices?: readonly (string | number)[];
  readonly min?: number;
  readonly max?: number;
  readonly unit?: string;
  /** The reader's default, what the device does when the file leaves the field out. */
  readonly default?: unknown;
  /** The kernel function, flag or clause the setting stands for. */
  readonly source: string;
  /** One line for a student: what changes when this changes. */
  readonly help?: string;
  /** List the setting only where the file writes the field (its absence means something else). */
  readonly ifPresent?: boolean;
  /** Skip the element `*` stands for when it has this key (e.g. flags on an S-channel port). */
  readonly unlessItemHas?: string;
}

export interface DeviceSettings {
  readonly type: string;
  readonly settings: readonly SettingDecl[];
}
