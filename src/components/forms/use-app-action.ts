"use client";

import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { useEffect, useRef, useState, useTransition } from "react";
import type { TActionError } from "@/lib/errors";

/** A server action's result as next-safe-action returns it, with our error on both error sides. */
export type TSafeActionResult<Data> = { data?: Data; serverError?: TActionError; validationErrors?: TActionError };

type TOptions<Input, Data> = {
  /** Shown when the action never answered (network down, server gone): nothing typed is lost. */
  networkMessage: string;
  /**
   * After a success, refresh the page from the server (router.refresh()). `busy` stays true and
   * `onSuccess` waits until the refreshed page is on screen, so what it announces or focuses is
   * what the user sees, and a next change is sent with the version the server now has.
   */
  refresh?: boolean;
  onSuccess?: (data: Data, input: Input) => void;
  onError?: (error: TActionError, input: Input) => void;
};

/**
 * The one client idiom for a server action (next-safe-action's useAction): `execute`, `busy`,
 * the typed `error` (serverError ?? validationErrors, or the network message when the call
 * itself failed), and callbacks. `input` is what the running or last call was given.
 */
export function useAppAction<Input, Data>(
  // validationErrors is TActionError for every action with an input schema (its
  // handleValidationErrorsShape); an action without one never has any, whatever its type says.
  action: (
    input: Input,
  ) => Promise<{ data?: Data; serverError?: TActionError; validationErrors?: unknown } | undefined>,
  options: TOptions<Input, Data>,
) {
  const router = useRouter();
  const [refreshing, startRefresh] = useTransition();
  const [refreshed, setRefreshed] = useState<{ data: Data; input: Input } | null>(null);
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });

  const networkError: TActionError = { code: "INTERNAL", message: options.networkMessage };
  const hook = useAction<TActionError, undefined, TActionError, Data>(action as never, {
    onSuccess: ({ data, input }) => {
      if (!latest.current.refresh) {
        latest.current.onSuccess?.(data as Data, input as Input);
        return;
      }
      setRefreshed({ data: data as Data, input: input as Input });
      startRefresh(() => router.refresh());
    },
    onError: ({ error, input }) =>
      latest.current.onError?.(
        error.serverError ?? error.validationErrors ?? { code: "INTERNAL", message: latest.current.networkMessage },
        input as Input,
      ),
  });

  useEffect(() => {
    if (!refreshed || refreshing) return;
    setRefreshed(null);
    latest.current.onSuccess?.(refreshed.data, refreshed.input);
  }, [refreshed, refreshing]);

  const error = hook.hasErrored ? (hook.result.serverError ?? hook.result.validationErrors ?? networkError) : undefined;

  return {
    execute: hook.execute as (input: Input) => void,
    busy: hook.isExecuting || refreshing || refreshed !== null,
    error,
    input: hook.input as Input | undefined,
    reset: hook.reset,
  };
}
