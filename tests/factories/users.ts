import { type TUserRole, users } from "@/server/db/schema";
import { asServiceRoleTx, only, pick, uniqueSuffix } from "./service-db";

const FIRST_NAMES = ["Émilie", "Gabriel", "Léa", "Mathis", "Chloé", "Félix", "Camille", "Olivier", "Maïka", "Étienne"];
const LAST_NAMES = [
  "Tremblay",
  "Gagnon",
  "Roy",
  "Côté",
  "Bouchard",
  "Gauthier",
  "Morin",
  "Lavoie",
  "Fortin",
  "Bélanger",
];

export type TUserRow = typeof users.$inferSelect;
export type TUserOverrides = Partial<Pick<TUserRow, "firstName" | "lastName" | "email" | "locale">>;

function toEmailPart(value: string): string {
  return value
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-");
}

/** A user row only: no better-auth account, so it cannot sign in (RLS tests don't need to). */
export function createUser(role: TUserRole, overrides: TUserOverrides = {}): Promise<TUserRow> {
  const firstName = overrides.firstName ?? pick(FIRST_NAMES);
  const lastName = overrides.lastName ?? pick(LAST_NAMES);
  const email =
    overrides.email ?? `${toEmailPart(firstName)}.${toEmailPart(lastName)}.${role}.${uniqueSuffix()}@exemple.test`;
  return asServiceRoleTx(async (tx) =>
    only(
      await tx
        .insert(users)
        .values({
          name: `${firstName} ${lastName}`,
          email,
          emailVerified: true,
          firstName,
          lastName,
          role,
          locale: overrides.locale ?? "fr-CA",
        })
        .returning(),
    ),
  );
}

export const createStudent = (overrides?: TUserOverrides) => createUser("student", overrides);
export const createTutor = (overrides?: TUserOverrides) => createUser("tutor", overrides);
export const createAdmin = (overrides?: TUserOverrides) => createUser("admin", overrides);
