import type { LlamaToolName } from "../../api/enginesApi.js";

/** The tools tracetune builds: a server for sampling, the batched bench to measure against, finetune for training rounds, quantize for the trained model sampling uses. */
export const llamaToolNames: readonly LlamaToolName[] = ["llama-server", "llama-batched-bench", "llama-finetune", "llama-quantize"];
