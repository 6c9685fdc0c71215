// A child process that renders emails for a worker started with --conditions=react-server
// (where react-dom/server refuses to load). One request at a time, by IPC: { id, content }.
import { renderEmail } from "./render-email";

process.on("message", (request: { id: number; content: Parameters<typeof renderEmail>[0] }) => {
  renderEmail(request.content).then(
    (rendered) => process.send?.({ id: request.id, rendered }),
    (error: unknown) =>
      process.send?.({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
process.on("disconnect", () => process.exit(0));
