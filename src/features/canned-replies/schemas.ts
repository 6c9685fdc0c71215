import { z } from "zod";
import { refuseNulBytes } from "@/lib/nul-bytes";
import { unknownVariablesIn } from "./variables";

// Client-safe input schemas; messages are keys under `validation.*`.

export const CANNED_TITLE_MAX = 120;
export const CANNED_BODY_MAX = 5000;

const ZUuid = z.string().uuid({ message: "invalidId" });

const ZBody = refuseNulBytes(
  z
    .string({ message: "cannedBodyRequired" })
    .trim()
    .min(1, { message: "cannedBodyRequired" })
    .max(CANNED_BODY_MAX, { message: "cannedBodyTooLong" }),
).refine((body) => unknownVariablesIn(body).length === 0, { message: "cannedUnknownVariable" });

export const ZCannedReplyFields = z.object({
  title: refuseNulBytes(
    z
      .string({ message: "cannedTitleRequired" })
      .trim()
      .min(1, { message: "cannedTitleRequired" })
      .max(CANNED_TITLE_MAX, { message: "cannedTitleTooLong" }),
  ),
  bodyFr: ZBody,
  bodyEn: ZBody,
  isShared: z.boolean().optional().default(false),
});

export const ZCreateCannedReplyInput = ZCannedReplyFields;
export type TCreateCannedReplyInput = z.input<typeof ZCreateCannedReplyInput>;

export const ZUpdateCannedReplyInput = ZCannedReplyFields.extend({ id: ZUuid });
export type TUpdateCannedReplyInput = z.input<typeof ZUpdateCannedReplyInput>;

export const ZCannedReplyId = z.object({ id: ZUuid });
export type TCannedReplyId = z.input<typeof ZCannedReplyId>;

export const ZRenderCannedReplyInput = z.object({ id: ZUuid, ticketId: ZUuid });
export type TRenderCannedReplyInput = z.input<typeof ZRenderCannedReplyInput>;
