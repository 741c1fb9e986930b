import { appendFile, mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Low } from "lowdb";
import type { ContaminationReport, RepairTask, StoreProblem, TaskFormat, TaskSetInfo, TaskStoreRepair, TaskValidation, TaskView } from "../api/taskTypes.js";
import { InvalidInputError } from "../common/TracetuneError.js";
import { openJsonStore } from "../storage/openJsonStore.js";
import { storeSchemas, withSchema, type StoreSchema } from "../storage/schemaVersion.js";
import { UnknownTaskError, UnknownTaskSetError } from "./taskErrors.js";
import { isStoredTask, isStoredValidation, readStoreLines, type StoreLines } from "./readStoreLines.js";

/**
 * The split seed a new set records unless told otherwise. Fixed rather than random so the same tasks get the
 * same splits on every machine (results stay comparable); it is stored per set, so changing it later never
 * moves existing tasks.
 */
export const defaultSplitSeed = 1;

interface TaskIndex {
  sets: Record<string, TaskSetInfo>;
  contamination: ContaminationReport | null;
}

interface LoadedSet {
  tasks: Map<string, RepairTask>;
  validations: Map<string, TaskValidation>;
  /** Lines of either file that were skipped (not JSON, not a task, torn), by file and line: reported, never fatal. */
  problems: StoreProblem[];
  /** Files whose last line is torn (no final newline): the next append starts a new line first. */
  tornFiles: Set<string>;
}

/**
 * Tasks on disk: `tasks/<set>/tasks.jsonl` and `tasks/<set>/validation.jsonl`, append-only (the last line
 * for an id wins), plus a lowdb index `tasks/index.json` with each set's counts for fast listing. A
 * validation counts only while its content hash matches the task's, so editing a task makes it pending.
 */
export class TaskStore {
  private readonly loaded = new Map<string, LoadedSet>();

  private constructor(private readonly root: string, private readonly index: Low<TaskIndex>) {}

  /** The folder holding every set (`<data dir>/tasks`). */
  get rootDir(): string {
    return this.root;
  }

  private static readonly sharedStores = new Map<string, Promise<TaskStore>>();

  /**
   * The one store of a data dir in this process: the tasks service and other features (rounds, the debugger)
   * must share it, since each store caches the sets it has read.
   */
  static shared(options: { dataDir: string }): Promise<TaskStore> {
    const key = path.resolve(options.dataDir);
    let store = TaskStore.sharedStores.get(key);
    if (!store) {
      store = TaskStore.open(options);
      TaskStore.sharedStores.set(key, store);
      store.catch(() => TaskStore.sharedStores.delete(key));
    }
    return store;
  }

  /** A store of its own (tests); features use `shared`. */
  static async open(options: { dataDir: string }): Promise<TaskStore> {
    const root = path.join(options.dataDir, "tasks");
    const index = await openJsonStore<TaskIndex>({
      file: path.join(root, "index.json"),
      schema: storeSchemas.taskIndex,
      defaults: { sets: {}, contamination: null },
      validate: (data) => (typeof (data as TaskIndex).sets === "object" ? null : 'field "sets" is missing'),
    });
    return new TaskStore(root, index);
  }

  listSets(): TaskSetInfo[] {
    return Object.values(this.index.data.sets).sort((a, b) => a.id.localeCompare(b.id));
  }

  getSet(setId: string): TaskSetInfo {
    const set = this.index.data.sets[setId];
    if (!set) throw new UnknownTaskSetError(setId);
    return set;
  }

  hasSet(setId: string): boolean {
    return setId in this.index.data.sets;
  }

  /** Creates the set on first use, recording its split seed once; later calls add files and keep the seed. */
  async ensureSet(options: { id: string; name: string; format: TaskFormat; licence: string; files: string[]; splitSeed?: number }): Promise<TaskSetInfo> {
    if (!/^[a-z0-9][a-z0-9_-]{0,63}$/.test(options.id)) throw new InvalidInputError(`Task set id "${options.id}" must be lowercase letters, digits, _ and - (at most 64).`, { field: "setId" });
    const now = new Date().toISOString();
    await this.index.update((data) => {
      const existing = data.sets[options.id];
      if (existing) {
        existing.files = [...new Set([...existing.files, ...options.files])];
        existing.updatedAt = now;
        return;
      }
      data.sets[options.id] = {
        id: options.id, name: options.name, format: options.format, licence: options.licence, files: options.files,
        splitSeed: options.splitSeed ?? defaultSplitSeed, createdAt: now, updatedAt: now, count: 0,
        bySplit: { train: 0, dev: 0, test: 0, prompt: 0 }, byStatus: { valid: 0, invalid: 0, pending: 0 },
      };
    });
    return this.getSet(options.id);
  }

  async tasksOf(setId: string): Promise<Map<string, RepairTask>> {
    return (await this.load(setId)).tasks;
  }

  async getTask(id: string): Promise<TaskView> {
    const setId = id.split("/")[0];
    if (!this.hasSet(setId)) throw new UnknownTaskError(id);
    const set = await this.load(setId);
    const task = set.tasks.get(id);
    if (!task) throw new UnknownTaskError(id);
    return { ...task, validation: this.currentValidation(set, task) };
  }

  /** Every task of the given sets (default: all) with its current validation. */
  async views(setIds: string[] = Object.keys(this.index.data.sets)): Promise<TaskView[]> {
    const views: TaskView[] = [];
    for (const setId of setIds) {
      this.getSet(setId);
      const set = await this.load(setId);
      for (const task of set.tasks.values()) views.push({ ...task, validation: this.currentValidation(set, task) });
    }
    return views;
  }

  async appendTasks(setId: string, tasks: RepairTask[]): Promise<void> {
    if (tasks.length === 0) return;
    const set = await this.load(setId);
    await this.append(set, this.file(setId, "tasks"), tasks.map((task) => JSON.stringify(withSchema(task, storeSchemas.task)) + "\n").join(""));
    for (const task of tasks) set.tasks.set(task.id, task);
  }

  async appendValidations(setId: string, validations: TaskValidation[]): Promise<void> {
    if (validations.length === 0) return;
    const set = await this.load(setId);
    await this.append(set, this.file(setId, "validation"), validations.map((v) => JSON.stringify(withSchema(v, storeSchemas.taskValidation)) + "\n").join(""));
    for (const validation of validations) set.validations.set(validation.taskId, validation);
  }

  /** Lines of the set's files that were skipped when it was read (each with file, line and reason). */
  async problemsOf(setId: string): Promise<StoreProblem[]> {
    this.getSet(setId);
    return (await this.load(setId)).problems;
  }

  /**
   * Moves every skipped line of a set's files aside to `<file>.rejected-<date>` (appended, verbatim) and
   * rewrites the file with the good lines only, atomically (a temporary file renamed over it), then re-reads
   * the set. A set without bad lines is left untouched.
   */
  async repairSet(setId: string, options: { now?: Date } = {}): Promise<TaskStoreRepair> {
    this.getSet(setId);
    const stamp = (options.now ?? new Date()).toISOString().replace(/\.\d+Z$/, "Z").replace(/:/g, "-");
    const rejected: StoreProblem[] = [];
    const rejectedFiles: string[] = [];
    for (const kind of ["tasks", "validation"] as const) {
      const file = this.file(setId, kind);
      const schema = kind === "tasks" ? storeSchemas.task : storeSchemas.taskValidation;
      const lines = await readStoreLines({ setId, file, schema, isValue: kind === "tasks" ? (v) => isStoredTask(v, setId) : isStoredValidation });
      if (lines.problems.length === 0) continue;
      const bad = new Set(lines.problems.map((problem) => problem.line));
      const rejectedFile = `${file}.rejected-${stamp}`;
      await appendFile(rejectedFile, lines.problems.map((problem) => lines.raw[problem.line - 1] + "\n").join(""));
      const kept = lines.raw.filter((text, index) => !bad.has(index + 1) && text.trim() !== "");
      const temporary = `${file}.tmp-${process.pid}`;
      await writeFile(temporary, kept.map((text) => text + "\n").join(""));
      await rename(temporary, file);
      rejected.push(...lines.problems);
      rejectedFiles.push(rejectedFile);
    }
    this.loaded.delete(setId);
    await this.refreshCounts(setId);
    return { setId, rejected, rejectedFiles, problemsLeft: (await this.load(setId)).problems };
  }

  /**
   * Removes a set: its index entry first (so a crash part-way leaves a folder no listing shows, never a listed
   * set without files), then its folder. Returns how many tasks it held.
   */
  async deleteSet(setId: string): Promise<number> {
    this.getSet(setId);
    const count = (await this.load(setId)).tasks.size;
    await this.index.update((data) => void delete data.sets[setId]);
    this.loaded.delete(setId);
    await rm(path.join(this.root, setId), { recursive: true, force: true });
    return count;
  }

  /**
   * Removes one task and its validations: each file is rewritten atomically without the lines of that id
   * (the files are append-only with the last line winning, so a tombstone line would be a record of no kind).
   */
  async deleteTask(id: string): Promise<void> {
    const setId = id.split("/")[0];
    await this.getTask(id);
    for (const kind of ["tasks", "validation"] as const) {
      const file = this.file(setId, kind);
      const lines = await readStoreLines<{ id?: string; taskId?: string }>({ setId, file, isValue: () => true });
      const kept = lines.raw.filter((text) => {
        if (text.trim() === "") return false;
        try {
          const value = JSON.parse(text) as { id?: unknown; taskId?: unknown };
          return (kind === "tasks" ? value?.id : value?.taskId) !== id;
        } catch {
          return true; // an unreadable line is kept for `repairSet` to move aside, never dropped here
        }
      });
      const temporary = `${file}.tmp-${process.pid}`;
      await writeFile(temporary, kept.map((text) => text + "\n").join(""));
      await rename(temporary, file);
    }
    this.loaded.delete(setId);
    await this.refreshCounts(setId);
  }

  /** Recounts a set's splits and statuses into the index. */
  async refreshCounts(setId: string): Promise<TaskSetInfo> {
    const set = await this.load(setId);
    const bySplit = { train: 0, dev: 0, test: 0, prompt: 0 };
    const byStatus = { valid: 0, invalid: 0, pending: 0 };
    for (const task of set.tasks.values()) {
      bySplit[task.split] += 1;
      byStatus[this.currentValidation(set, task)?.status ?? "pending"] += 1;
    }
    await this.index.update((data) => {
      Object.assign(data.sets[setId], { count: set.tasks.size, bySplit, byStatus, updatedAt: new Date().toISOString() });
    });
    return this.getSet(setId);
  }

  get contamination(): ContaminationReport | null {
    return this.index.data.contamination;
  }

  async saveContamination(report: ContaminationReport): Promise<void> {
    await this.index.update((data) => void (data.contamination = report));
  }

  private currentValidation(set: LoadedSet, task: RepairTask): TaskValidation | null {
    const validation = set.validations.get(task.id);
    return validation && validation.contentHash === task.contentHash ? validation : null;
  }

  private file(setId: string, kind: "tasks" | "validation"): string {
    return path.join(this.root, setId, `${kind}.jsonl`);
  }

  private async append(set: LoadedSet, file: string, text: string): Promise<void> {
    // After a torn last line, a plain append would glue the first new record onto it and lose both.
    await appendFile(file, (set.tornFiles.has(file) ? "\n" : "") + text);
    set.tornFiles.delete(file);
  }

  private async load(setId: string): Promise<LoadedSet> {
    const cached = this.loaded.get(setId);
    if (cached) return cached;
    await mkdir(path.join(this.root, setId), { recursive: true });
    const set: LoadedSet = { tasks: new Map(), validations: new Map(), problems: [], tornFiles: new Set() };
    const read = async <T>(file: string, schema: StoreSchema, isValue: (value: unknown) => boolean): Promise<StoreLines<T>> => {
      const lines = await readStoreLines<T>({ setId, file, schema, isValue });
      set.problems.push(...lines.problems);
      if (lines.isTorn) set.tornFiles.add(file);
      return lines;
    };
    for (const task of (await read<RepairTask>(this.file(setId, "tasks"), storeSchemas.task, (v) => isStoredTask(v, setId))).values) set.tasks.set(task.id, task);
    for (const validation of (await read<TaskValidation>(this.file(setId, "validation"), storeSchemas.taskValidation, isStoredValidation)).values) set.validations.set(validation.taskId, validation);
    this.loaded.set(setId, set);
    return set;
  }
}
