/** The role codes every event offers unless it chooses its own (DESIGN.md). */
export const DEFAULT_ROLE_CODES = [
  'politician',
  'researcher',
  'municipal_employee',
  'citizen',
  'volunteer',
  'business',
  'other',
] as const;

export type DefaultRoleCode = (typeof DEFAULT_ROLE_CODES)[number];

export function isDefaultRoleCode(code: string): code is DefaultRoleCode {
  return (DEFAULT_ROLE_CODES as readonly string[]).includes(code);
}

/** The role that asks for a free-text description. */
export const OTHER_ROLE = 'other';

export const ITEM_KINDS = ['talk', 'break', 'meal', 'panel', 'plenary', 'workshop'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
