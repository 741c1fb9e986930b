import type { ImportReport } from "../../../../native/api/index";
import { routeHref } from "../../app/route";
import { Notice } from "../../components/ui";

const place = (p: { file: string; line: number | null }) => `${p.file.split(/[\\/]/).pop()}${p.line === null ? "" : `:${p.line}`}`;

/** What an import did: counts, problems grouped by reason (a wrong-format file is one line with a count), invalid tasks. */
export function ImportReportView({ report }: { report: ImportReport }) {
  const groups = report.problemGroups ?? [];
  return (
    <div data-testid="import-report" className="import-report">
      <Notice tone={report.problems.length > 0 || report.invalid.length > 0 ? "warning" : "success"}>
        Set <a href={routeHref("tasks")}><b>{report.setId}</b></a>: {report.seen} read, <span data-testid="report-added">{report.added}</span> added, {report.updated} updated, {report.unchanged} unchanged, {report.validated} validated.
      </Notice>
      {groups.length > 0 && (
        <>
          <p className="ui-status-invalid">{report.problems.length} record(s) or file(s) could not be imported (malformed or empty):</p>
          <ul data-testid="import-problems" className="import-problems">
            {groups.map((group) => (
              <li key={group.reason}>
                <span className="import-problem-reason">{group.count > 1 ? `${group.count}× ` : ""}{group.reason}</span>
                <span className="ui-muted"> at {group.first.map(place).join(", ")}{group.count > group.first.length ? `, and ${group.count - group.first.length} more` : ""}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {report.invalid.length > 0 && (
        <>
          <p className="ui-status-invalid">{report.invalid.length} task(s) failed validation (kept, left out of rounds):</p>
          <ul data-testid="import-invalid">{report.invalid.map((t) => <li key={t.taskId}><a href={routeHref("tasks", t.taskId)}>{t.taskId}</a>: {t.reason}{t.detail ? ` (${t.detail})` : ""}</li>)}</ul>
        </>
      )}
    </div>
  );
}
