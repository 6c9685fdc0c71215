import { handlePresencePing } from "@/features/live";
import { getSessionUser } from "@/server/auth/session";

// An admin's "viewing / typing" ping on a ticket (see features/live/presence.ts).
export async function POST(request: Request): Promise<Response> {
  return handlePresencePing(request, await getSessionUser());
}
