import { useState } from "react";
import type { JobSettings, UserSettings } from "../../../../native/api/index";
import { api } from "../../api/client";
import type { ApiError } from "../../api/transport";
import { useKeepAwake } from "../../components/KeepAwake/KeepAwakeNotice";
import { Checkbox, Notice, Panel } from "../../components/ui";

/** While runs of rounds, evaluations and training run: keep the computer awake, notify when they end (docs/rounds.md). */
export function LongWorkSettings({ settings, onSaved }: { settings: UserSettings; onSaved: () => void }) {
  const [jobs, setJobs] = useState<JobSettings>(settings.jobs);
  const [error, setError] = useState<string | null>(null);
  const keepAwake = useKeepAwake();
  const save = async (patch: Partial<JobSettings>) => {
    setJobs({ ...jobs, ...patch });
    try {
      setJobs((await api.updateSettings({ patch: { jobs: patch } })).jobs);
      setError(null);
      onSaved();
    } catch (failure) {
      setJobs(jobs);
      setError((failure as ApiError).message);
    }
  };
  return (
    <Panel title="Long work" data-testid="long-work-settings">
      <p className="ui-muted">Runs of rounds, evaluations and training can take hours.</p>
      <Checkbox label="Keep this computer awake while they run" checked={jobs.keepAwake} onChange={(keepAwake) => void save({ keepAwake })} data-testid="setting-keep-awake" />
      {keepAwake && <p className="ui-muted" data-testid="keep-awake-how">{keepAwake.method && keepAwake.isAvailable ? `Here: ${keepAwake.method}.` : `Here: cannot (${keepAwake.unavailableReason ?? "no way to block sleep"}).`}</p>}
      <Checkbox label="Notify me when one ends while the window is in the background" checked={jobs.notifyOnFinish} onChange={(notifyOnFinish) => void save({ notifyOnFinish })} data-testid="setting-notify-on-finish" />
      {error && <Notice tone="error">{error}</Notice>}
    </Panel>
  );
}
