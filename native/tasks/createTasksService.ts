import type { ImportableFormat, TasksApi } from "../api/tasksApi.js";
import path from "node:path";
import { bugTypes, type StoreProblem, type TaskFormat, type TaskSplit, type TaskSummary } from "../api/taskTypes.js";
import { InvalidInputError, toWireError } from "../common/TracetuneError.js";
import type { CoreContext } from "../core/CoreContext.js";
import { defaultNearDuplicateThreshold, findContamination } from "./contamination/findContamination.js";
import { importTasks } from "./importTasks.js";
import { buildMbppR } from "./mbppR/buildMbppR.js";
import { resolveDemoTasksFile } from "./resolveDemoTasksFile.js";
import { saveOwnTask } from "./saveOwnTask.js";
import { findTaskSetUsers } from "./setUsers.js";
import { TaskSetInUseError } from "./taskErrors.js";
import { TaskStore } from "./TaskStore.js";
import { validateTasks } from "./validateTasks.js";
import { buildExecRequest, testCount } from "./validation/buildExecRequest.js";
import type { PythonRunner } from "./validation/PythonRunner.js";

const requireSetId = (value: unknown): string => {
  if (typeof value !== "string" || value === "") throw new InvalidInputError('Field "setId" must be a task set id.', { field: "setId" });
  return value;
};

const importableFormats: ImportableFormat[] = ["hefix-plus", "humanevalfix", "mbpp", "jsonl", "pair"];
const splits: TaskSplit[] = ["train", "dev", "test", "prompt"];

/**
 * The tasks feature: the task store in the data dir, importers, validation in the sandbox, the contamination
 * guard and the Mbpp-R builder. The Python runtime is started on first need and disposed with the core.
 */
export async function createTasksService(context: CoreContext): Promise<TasksApi> {
  const store = await TaskStore.shared({ dataDir: context.dataDir });
  // The core's shared sandbox pool (started on first need, disposed with the core).
  const runtime = (): Promise<PythonRunner> => context.python.get();
  const changed = (setId: string) => context.emit("tasks", { setId });
  /** A set's skipped lines, or, when it cannot be read at all, one warning saying why (file and line when known). */
  const storeWarnings = async (setId: string): Promise<StoreProblem[]> => {
    try {
      return await store.problemsOf(setId);
    } catch (error) {
      const { message, details } = toWireError(error);
      return [{ setId, file: typeof details.file === "string" ? details.file : path.join(store.rootDir, setId), line: typeof details.line === "number" ? details.line : 0, reason: message }];
    }
  };

  const startImport = (format: TaskFormat, files: string[], extra: { setId?: string; validate?: boolean; entryPoint?: string; title: string }) => {
    const { id } = context.jobs.start({ kind: "tasks.import", title: extra.title }, async (job) => {
      const setsBefore = new Set(store.listSets().map((set) => set.id));
      try {
        return await importTasks({ store, runtime, format, files, setId: extra.setId, validate: extra.validate, entryPoint: extra.entryPoint, job, limits: context.inputLimits() });
      } finally {
        // A set this import created and left without a task (it failed, or every record was malformed) is
        // removed: an empty set is a dead end in every list and cannot be imported into by mistake later.
        for (const set of store.listSets()) {
          if (!setsBefore.has(set.id) && (await store.tasksOf(set.id)).size === 0) {
            await store.deleteSet(set.id);
            changed(set.id);
          }
        }
        for (const set of store.listSets()) changed(set.id);
      }
    });
    return { jobId: id };
  };

  return {
    async listTaskSets() {
      // Each set's store problems ride along, so a listing never hides a set with unreadable lines.
      return Promise.all(store.listSets().map(async (set) => ({ ...set, warnings: await storeWarnings(set.id) })));
    },

    async listTasks(args) {
      const { setId, split, status, bugType, query, offset = 0, limit = 200 } = args ?? {};
      if (split !== undefined && !splits.includes(split)) throw new InvalidInputError(`Field "split" must be one of ${splits.join(", ")}.`, { field: "split" });
      if (bugType !== undefined && !bugTypes.includes(bugType)) throw new InvalidInputError(`Field "bugType" must be one of ${bugTypes.join(", ")}.`, { field: "bugType" });
      const needle = query?.trim().toLowerCase() ?? "";
      const rows: TaskSummary[] = [];
      const setIds = setId ? [setId] : store.listSets().map((set) => set.id);
      const views = await store.views(setIds);
      const warnings = (await Promise.all(setIds.map((id) => store.problemsOf(id)))).flat();
      for (const task of views) {
        const row: TaskSummary = {
          id: task.id, setId: task.setId, kind: task.kind, sourceId: task.provenance.sourceId, entryPoint: task.entryPoint,
          description: task.description.slice(0, 300), bugType: task.bugType, split: task.split, testCount: testCount(task.tests),
          status: task.validation?.status ?? "pending", reason: task.validation?.reason ?? null,
        };
        if (split && row.split !== split) continue;
        if (status && row.status !== status) continue;
        if (bugType && row.bugType !== bugType) continue;
        if (needle && !`${row.id} ${row.entryPoint} ${row.description}`.toLowerCase().includes(needle)) continue;
        rows.push(row);
      }
      return { total: rows.length, tasks: rows.slice(offset, offset + limit), warnings };
    },

    async repairTaskSet(args) {
      const repair = await store.repairSet(requireSetId(args?.setId));
      changed(args.setId);
      return repair;
    },

    async listTaskSetUsers(args) {
      const setId = requireSetId(args?.setId);
      store.getSet(setId);
      return findTaskSetUsers({ dataDir: context.dataDir, setId, taskId: args.taskId });
    },

    async deleteTaskSet(args) {
      const setId = requireSetId(args?.setId);
      store.getSet(setId);
      const usedBy = await findTaskSetUsers({ dataDir: context.dataDir, setId });
      if (usedBy.length > 0 && args.force !== true) throw new TaskSetInUseError({ setId, taskId: null, usedBy });
      const deletedTasks = await store.deleteSet(setId);
      changed(setId);
      return { setId, taskId: null, deletedTasks, usedBy };
    },

    async deleteTask(args) {
      if (typeof args?.id !== "string" || args.id === "") throw new InvalidInputError('Field "id" must be a task id.', { field: "id" });
      const task = await store.getTask(args.id);
      const usedBy = await findTaskSetUsers({ dataDir: context.dataDir, setId: task.setId, taskId: task.id });
      if (usedBy.length > 0 && args.force !== true) throw new TaskSetInUseError({ setId: task.setId, taskId: task.id, usedBy });
      await store.deleteTask(task.id);
      changed(task.setId);
      return { setId: task.setId, taskId: task.id, deletedTasks: 1, usedBy };
    },

    async taskExecRequest(args) {
      if (typeof args?.id !== "string" || args.id === "") throw new InvalidInputError('Field "id" must be a task id.', { field: "id" });
      if (args.program !== undefined && typeof args.program !== "string") throw new InvalidInputError('Field "program" must be Python source.', { field: "program" });
      const task = await store.getTask(args.id);
      return buildExecRequest({ task, program: args.program ?? task.buggyProgram ?? task.reference ?? "" });
    },

    async getTask(args) {
      if (typeof args?.id !== "string" || args.id === "") throw new InvalidInputError('Field "id" must be a task id.', { field: "id" });
      return store.getTask(args.id);
    },

    async importTasks(args) {
      const { format, files } = args ?? ({} as never);
      if (!importableFormats.includes(format)) throw new InvalidInputError(`Field "format" must be one of ${importableFormats.join(", ")}; got ${JSON.stringify(format)}.`, { field: "format" });
      if (!Array.isArray(files) || files.length === 0 || files.some((file) => typeof file !== "string" || file === "")) throw new InvalidInputError('Field "files" must be a non-empty list of file paths.', { field: "files" });
      return startImport(format, files, { setId: args.setId, validate: args.validate, entryPoint: args.entryPoint, title: `Import ${format}: ${files.map((f) => f.split(/[\\/]/).pop()).join(", ")}` });
    },

    async importDemoTasks(args) {
      return startImport("demo", [resolveDemoTasksFile()], { setId: "demo", validate: args?.validate, title: "Import the demo task set" });
    },

    async validateTasks(args) {
      if (typeof args?.setId !== "string") throw new InvalidInputError('Field "setId" must be a task set id.', { field: "setId" });
      store.getSet(args.setId);
      const { id } = context.jobs.start({ kind: "tasks.validate", title: `Validate ${args.setId}` }, async (job) => {
        try {
          return await validateTasks({ store, runtime: await runtime(), setId: args.setId, onlyPending: args.onlyPending ?? false, job });
        } finally {
          changed(args.setId);
        }
      });
      return { jobId: id };
    },

    async saveTask(args) {
      if (!args?.task || typeof args.task !== "object") throw new InvalidInputError('Field "task" must be an object.', { field: "task" });
      const view = await saveOwnTask({ store, runtime, task: args.task, setId: args.setId });
      changed(view.setId);
      return view;
    },

    async checkContamination(args) {
      const threshold = args?.threshold ?? defaultNearDuplicateThreshold;
      if (typeof threshold !== "number" || !(threshold > 0 && threshold <= 1)) throw new InvalidInputError('Field "threshold" must be a number in (0, 1].', { field: "threshold" });
      const { id } = context.jobs.start({ kind: "tasks.contamination", title: "Check training tasks against dev/test" }, async (job) => {
        const all = await store.views();
        const train = all.filter((task) => task.split === "train");
        const evaluation = all.filter((task) => task.split === "dev" || task.split === "test");
        const found = findContamination({ train, evaluation, threshold, signal: job.signal, onProgress: (done, total) => job.progress(done, total) });
        const report = {
          ...found, checkedAt: new Date().toISOString(),
          trainSetIds: [...new Set(train.map((task) => task.setId))].sort(), evalSetIds: [...new Set(evaluation.map((task) => task.setId))].sort(),
        };
        await store.saveContamination(report);
        return report;
      });
      return { jobId: id };
    },

    async getContaminationReport() {
      return store.contamination;
    },

    async buildMbppR(args) {
      if (typeof args?.modelPath !== "string" || args.modelPath === "") throw new InvalidInputError('Field "modelPath" must be the path of a GGUF model.', { field: "modelPath" });
      const { id } = context.jobs.start({ kind: "tasks.buildMbppR", title: `Build Mbpp-R with ${args.modelPath.split(/[\\/]/).pop()}` }, async (job) => {
        try {
          return await buildMbppR({ ...args, store, runtime: await runtime(), job });
        } finally {
          changed("mbpp-r");
        }
      });
      return { jobId: id };
    },
  };
}
