// No `import "server-only"` on purpose: these are public demo credentials that the
// README, the start script and the Playwright tests (which run outside the
// react-server condition) all read from here, so they can never disagree.

import type { TUserRole } from "../../../lib/user-roles";

/** The one password of every demo account. Demo data only: never seed it in production. */
export const DEMO_PASSWORD = "Tutorat2026!";

export type TDemoAccount = {
  /** Short handle the demo data uses to refer to this person. */
  key: string;
  email: string;
  role: TUserRole;
  firstName: string;
  lastName: string;
};

export const DEMO_ACCOUNTS = [
  { key: "sophie", email: "sophie.tremblay@example.com", role: "admin", firstName: "Sophie", lastName: "Tremblay" },
  { key: "marc", email: "marc.gagnon@example.com", role: "admin", firstName: "Marc", lastName: "Gagnon" },
  { key: "julie", email: "julie.roy@example.com", role: "tutor", firstName: "Julie", lastName: "Roy" },
  { key: "olivier", email: "olivier.belanger@example.com", role: "tutor", firstName: "Olivier", lastName: "Bélanger" },
  { key: "emma", email: "emma.lefebvre@example.com", role: "student", firstName: "Emma", lastName: "Lefebvre" },
  { key: "noah", email: "noah.cote@example.com", role: "student", firstName: "Noah", lastName: "Côté" },
  { key: "chloe", email: "chloe.bouchard@example.com", role: "student", firstName: "Chloé", lastName: "Bouchard" },
] as const satisfies readonly TDemoAccount[];

export type TDemoAccountKey = (typeof DEMO_ACCOUNTS)[number]["key"];

/** The accounts browser tests and the README use first: one per role. */
export const DEMO_ADMIN = DEMO_ACCOUNTS[0];
export const DEMO_TUTOR = DEMO_ACCOUNTS[2];
export const DEMO_STUDENT = DEMO_ACCOUNTS[4];
