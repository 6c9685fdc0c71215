import { z } from "zod";
import { hasNoControlCharacter } from "@/lib/control-characters";

// The settings page's "general" card (issue 17): the support contact shown to tutors and in
// every page's footer, and the delay after which resolved tickets close. Messages are keys
// under `validation.*`.

export const AUTO_CLOSE_MAX_DAYS = 365;

/** Empty = not set. */
const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, { message })
    .refine((value) => hasNoControlCharacter(value), { message });

export const ZUpdateGeneralSettingsInput = z.object({
  supportEmail: z
    .string()
    .trim()
    .max(254, { message: "emailInvalid" })
    .refine((value) => value === "" || z.email().safeParse(value).success, { message: "emailInvalid" }),
  supportPhone: z
    .string()
    .trim()
    .max(40, { message: "phoneInvalid" })
    .regex(/^[0-9+()\-.\s]*(?:(?:poste|ext\.?|x)\s*[0-9]+)?$/i, { message: "phoneInvalid" }),
  supportHours: optionalText(200, "hoursTooLong"),
  autoCloseDays: z.coerce
    .number({ message: "autoCloseDaysInvalid" })
    .int({ message: "autoCloseDaysInvalid" })
    .min(0, { message: "autoCloseDaysInvalid" })
    .max(AUTO_CLOSE_MAX_DAYS, { message: "autoCloseDaysInvalid" }),
});
export type TUpdateGeneralSettingsInput = z.input<typeof ZUpdateGeneralSettingsInput>;
