import type { JobsApi } from "../api/jobsApi.js";
import { InvalidInputError } from "../common/TracetuneError.js";
import type { CoreContext } from "../core/CoreContext.js";

export function createJobsService({ jobs }: CoreContext): JobsApi {
  const requireId = (args: { id?: unknown } | undefined) => {
    if (typeof args?.id !== "string" || args.id === "") throw new InvalidInputError('Field "id" must be a job id string.', { field: "id" });
    return args.id;
  };
  return {
    listJobs: async () => jobs.list(),
    getJob: async (args) => jobs.get(requireId(args)),
    cancelJob: async (args) => jobs.cancel(requireId(args)),
  };
}
