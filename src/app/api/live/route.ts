import { handleLiveStream } from "@/features/live";
import { getSessionUser } from "@/server/auth/session";

// The live channel: one Server-Sent Events stream per browser tab (see features/live/stream.ts).
export const dynamic = "force-dynamic";

export async function GET(request: Request): Promise<Response> {
  return handleLiveStream(request, await getSessionUser());
}
