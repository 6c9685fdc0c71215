import { handleUnsubscribeGet, handleUnsubscribePost } from "@/features/notifications/handlers/unsubscribe";
import { withRequestLog } from "@/server/log";

export const dynamic = "force-dynamic";

export const POST = withRequestLog("email.unsubscribe", handleUnsubscribePost);
export const GET = withRequestLog("email.unsubscribe.page", async (request: Request) => handleUnsubscribeGet(request));
