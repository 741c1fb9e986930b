/**
 * Public surface of the tasks feature for other features (rounds, the debugger, evaluation): the shared task
 * store, training-task selection with the contamination guard, and running a program against a task's tests.
 */
export { TaskStore } from "./TaskStore.js";
export { selectTrainingTasks, ContaminatedTaskError } from "./selectTrainingTasks.js";
export { selectEvaluationTasks } from "./selectEvaluationTasks.js";
export { runTaskTests, type TaskTestOutcome } from "./validation/runTaskTests.js";
export { validateTask } from "./validation/validateTask.js";
export { buildExecRequest, testCount, testSource } from "./validation/buildExecRequest.js";
export { normalizePython } from "./contamination/normalizePython.js";
export type { PythonRunner } from "./validation/PythonRunner.js";
