import "server-only";

// The notifications feature's entry for the worker process (src/worker) only: sending pulls in
// nodemailer and the React Email renderer, which the web app's bundles must not carry (every
// ticket service reaches this feature's index.ts through the consumer list).
export { emailWorkerJobs, type TEmailJobOptions } from "./worker/tasks";
