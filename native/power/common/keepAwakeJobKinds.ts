/** The jobs the machine is kept awake for: the long ones a user leaves running (hours on a laptop). */
export const keepAwakeJobKinds: ReadonlySet<string> = new Set(["rounds.run", "evaluation.run", "training.train"]);
