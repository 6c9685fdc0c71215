import { handleInboundEmailWebhook } from "@/features/email-replies";
import { withRequestLog } from "@/server/log";

export const dynamic = "force-dynamic";
// mailparser and smtp-server need Node's APIs.
export const runtime = "nodejs";

export const POST = withRequestLog("email.inbound", handleInboundEmailWebhook);
