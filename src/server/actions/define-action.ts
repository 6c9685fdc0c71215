import "server-only";
import { getTranslations } from "next-intl/server";
import { createSafeActionClient } from "next-safe-action";
import type { z } from "zod";
import { requireUser, type TSessionUser } from "../auth/session";
import type { TUserRole } from "../db/schema";
import { AppError, type TErrorCode, toAppError } from "../errors";
import { fieldErrorsOf } from "../validation";
import type { TActionResult } from "./action-result";

const actionClient = createSafeActionClient({
  // Errors become stable codes here; nothing else (no stack, SQL or path) leaves the server.
  handleServerError: (error) => {
    const appError = toAppError(error);
    if (appError.code === "INTERNAL") console.error("[action] unexpected error:", error);
    return JSON.stringify({ code: appError.code, fieldErrors: appError.details?.fieldErrors });
  },
});

const authActionClient = actionClient.use(async ({ next }) => next({ ctx: { user: await requireUser() } }));

async function failure(code: TErrorCode, fieldKeys?: Record<string, string>): Promise<TActionResult<never>> {
  const tErrors = await getTranslations("errors");
  const tValidation = await getTranslations("validation");
  const fieldErrors = fieldKeys
    ? Object.fromEntries(
        Object.entries(fieldKeys).map(([field, key]) => [
          field,
          tValidation.has(key as never) ? tValidation(key as never) : tErrors("VALIDATION"),
        ]),
      )
    : undefined;
  return { ok: false, code, message: tErrors(code), ...(fieldErrors ? { fieldErrors } : {}) };
}

/**
 * A server action in four steps: parse the input with `schema`, get the session (and
 * check `roles`), call the service, and map the outcome to TActionResult with a
 * translated message. The service authorizes again and runs under RLS.
 */
export function defineAuthAction<S extends z.ZodType, T>(
  options: { schema: S; roles?: readonly TUserRole[] },
  service: (user: TSessionUser, input: z.output<S>) => Promise<T>,
): (input: z.input<S>) => Promise<TActionResult<T>> {
  const action = authActionClient.inputSchema(options.schema).action(async ({ parsedInput, ctx }) => {
    if (options.roles && !options.roles.includes(ctx.user.role)) throw new AppError("FORBIDDEN");
    return service(ctx.user, parsedInput as z.output<S>);
  });

  return async (input) => {
    const result = await action(input as never);
    if (result.validationErrors) {
      const parsed = options.schema.safeParse(input);
      return failure("VALIDATION", parsed.success ? undefined : fieldErrorsOf(parsed.error));
    }
    if (result.serverError !== undefined) {
      const { code, fieldErrors } = JSON.parse(result.serverError) as {
        code: TErrorCode;
        fieldErrors?: Record<string, string>;
      };
      return failure(code, fieldErrors);
    }
    return { ok: true, data: result.data as T };
  };
}
