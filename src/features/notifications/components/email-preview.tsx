import { getTranslations } from "next-intl/server";
import type { TEmailDetails } from "../dto";
import { EmailStateBadge } from "./email-state-badge";

/**
 * One email as it was rendered: subject, headers we set, the HTML in a sandboxed iframe (no
 * scripts, no same origin: the body holds user text) and the plain-text version.
 */
export async function EmailPreview({ email }: { email: TEmailDetails }) {
  const t = await getTranslations("email");
  return (
    <div className="space-y-4">
      <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[10rem_1fr]">
        <dt className="text-slate-600">{t("preview.to")}</dt>
        <dd className="break-all">{email.recipientEmail}</dd>
        <dt className="text-slate-600">{t("preview.subject")}</dt>
        <dd data-testid="email-subject">{email.subject ?? "—"}</dd>
        <dt className="text-slate-600">{t("preview.type")}</dt>
        <dd>{t(`types.${email.type}`)}</dd>
        <dt className="text-slate-600">{t("preview.state")}</dt>
        <dd>
          <EmailStateBadge state={email.state} reason={email.stateReason} />
        </dd>
        <dt className="text-slate-600">Message-ID</dt>
        <dd className="break-all">
          <code>{email.messageId ?? "—"}</code>
        </dd>
      </dl>
      {email.html ? (
        <iframe
          title={t("preview.htmlTitle")}
          sandbox=""
          srcDoc={email.html}
          className="h-[36rem] w-full rounded-md border border-slate-200 bg-white"
        />
      ) : (
        <p className="text-slate-600">{t("preview.notRendered")}</p>
      )}
      {email.text ? (
        <details>
          <summary className="cursor-pointer text-sm font-medium">{t("preview.textVersion")}</summary>
          <pre className="mt-2 overflow-x-auto rounded-md bg-slate-50 p-3 text-xs whitespace-pre-wrap">
            {email.text}
          </pre>
        </details>
      ) : null}
    </div>
  );
}
