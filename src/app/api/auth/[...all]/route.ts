import { handleAuthRequest } from "@/server/auth/auth";
import { withRequestLog } from "@/server/log";

// better-auth's HTTP endpoints (sign-in, sign-out, session...). Built lazily so `next build` needs no database.
export const GET = withRequestLog("auth.get", (request: Request) => handleAuthRequest(request));

export const POST = withRequestLog("auth.post", (request: Request) => handleAuthRequest(request));
