import { z } from "zod";

export const ZSignInInput = z.object({
  email: z.string().trim().toLowerCase().email({ message: "emailInvalid" }).max(254, { message: "emailInvalid" }),
  password: z.string().min(1, { message: "passwordRequired" }).max(128, { message: "passwordRequired" }),
});
export type TSignInInput = z.infer<typeof ZSignInInput>;
