import type { TrainerRecipe } from "../../api/exportApi.js";

/** A file to write into the export dir (relative path) and the recipe that uses it. */
export interface RecipeFile {
  path: string;
  content: string;
}

export interface RecipeOptions {
  /** Longest row in tokens (max_seq_length / max_length / sequence_len). */
  maxTokens: number;
  /** The chat template taken from the model (written inline for axolotl). */
  chatTemplate: string;
  epochs: number;
  /** Train rows, to turn epochs into MLX-LM's iterations. */
  trainRows: number;
}

/** The versions whose documented options these recipes use (tests check every option against these lists). */
export const recipeVersions = { "mlx-lm": "0.28.3", trl: "0.24.0", axolotl: "0.12.2" } as const;

/** The base model on the Hugging Face hub or a local HF folder: the external trainers need the original weights, not the GGUF. */
const BASE = "${BASE_MODEL:?set BASE_MODEL to the Hugging Face id or folder of the base model}";
const loraToGguf = "python llama.cpp/convert_lora_to_gguf.py --base \"$BASE_MODEL\" --outtype f16 --outfile adapter.gguf";

/** YAML written in its JSON form (YAML 1.2 is a superset of JSON), so any YAML or JSON reader parses it. */
const yaml = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * Ready-to-run recipes for the trainers outside the app (GPU machines, clusters), with their config files:
 * - MLX-LM (`mlx_lm.lora -c`): `data` is the `messages/` dir (it reads train.jsonl and valid.jsonl there),
 *   `mask_prompt` trains only the last (assistant) message;
 * - TRL (`SFTTrainer` script): the `prompt-completion/` files, whose completion-only loss is TRL's default
 *   for that shape (assistant_only_loss would need generation tags in the template);
 * - axolotl (`axolotl train`): `chat_template` datasets over `messages/`, loss on assistant turns with the
 *   model's own Jinja template inline.
 * Each says how its adapter comes back as a GGUF the app loads (llama.cpp's convert scripts).
 */
export function buildTrainerRecipes(options: RecipeOptions): { recipes: TrainerRecipe[]; files: RecipeFile[] } {
  const { maxTokens, chatTemplate, epochs, trainRows } = options;
  const mlxBatch = 4;
  const mlx = {
    model: "BASE_MODEL",
    train: true,
    data: "messages",
    fine_tune_type: "lora",
    mask_prompt: true,
    num_layers: 16,
    batch_size: mlxBatch,
    iters: Math.max(1, Math.ceil((trainRows * epochs) / mlxBatch)),
    learning_rate: 1e-4,
    steps_per_eval: 50,
    adapter_path: "trainers/mlx-lm/adapters",
    max_seq_length: maxTokens,
    lora_parameters: { rank: 16, scale: 2.0, dropout: 0.0 },
    seed: 0,
  };
  const axolotl = {
    base_model: "BASE_MODEL",
    chat_template: "jinja",
    chat_template_jinja: chatTemplate,
    datasets: [{ path: "messages/train.jsonl", ds_type: "json", type: "chat_template", field_messages: "messages", roles_to_train: ["assistant"], train_on_eos: "turn" }],
    test_datasets: [{ path: "messages/valid.jsonl", ds_type: "json", split: "train", type: "chat_template", field_messages: "messages", roles_to_train: ["assistant"], train_on_eos: "turn" }],
    dataset_prepared_path: "trainers/axolotl/prepared",
    output_dir: "trainers/axolotl/out",
    adapter: "lora",
    lora_r: 16,
    lora_alpha: 32,
    lora_dropout: 0.0,
    lora_target_modules: ["q_proj", "k_proj", "v_proj", "o_proj"],
    sequence_len: maxTokens,
    sample_packing: false,
    micro_batch_size: 2,
    gradient_accumulation_steps: 4,
    num_epochs: epochs,
    learning_rate: 1e-4,
    optimizer: "adamw_torch",
    lr_scheduler: "cosine",
  };
  const trlScript = [
    "# TRL SFT with a LoRA adapter on this export's prompt-completion files (trl " + recipeVersions.trl + ", peft).",
    "# Run from the export dir: BASE_MODEL=<hf id or folder> python trainers/trl/train_trl.py",
    "import os",
    "from datasets import load_dataset",
    "from peft import LoraConfig",
    "from trl import SFTConfig, SFTTrainer",
    "",
    'data = load_dataset("json", data_files={"train": "prompt-completion/train.jsonl", "validation": "prompt-completion/valid.jsonl"})',
    "config = SFTConfig(",
    '    output_dir="trainers/trl/out",',
    `    num_train_epochs=${epochs},`,
    "    learning_rate=1e-4,",
    "    per_device_train_batch_size=2,",
    "    gradient_accumulation_steps=4,",
    `    max_length=${maxTokens},`,
    "    completion_only_loss=True,",
    "    packing=False,",
    '    eval_strategy="epoch",',
    "    logging_steps=10,",
    ")",
    'peft_config = LoraConfig(r=16, lora_alpha=32, lora_dropout=0.0, target_modules=["q_proj", "k_proj", "v_proj", "o_proj"], task_type="CAUSAL_LM")',
    'trainer = SFTTrainer(model=os.environ["BASE_MODEL"], args=config, train_dataset=data["train"], eval_dataset=data["validation"], peft_config=peft_config)',
    "trainer.train()",
    "trainer.save_model(config.output_dir)",
    "",
  ].join("\n");
  const recipes: TrainerRecipe[] = [
    {
      trainer: "mlx-lm", version: recipeVersions["mlx-lm"], config: "trainers/mlx-lm/lora_config.yaml",
      command: `mlx_lm.lora -c trainers/mlx-lm/lora_config.yaml --model "${BASE}"`,
      toGguf: `mlx_lm.fuse --model "$BASE_MODEL" --adapter-path trainers/mlx-lm/adapters --save-path trainers/mlx-lm/fused --dequantize && python llama.cpp/convert_hf_to_gguf.py trainers/mlx-lm/fused --outtype f16 --outfile trained.gguf`,
    },
    {
      trainer: "trl", version: recipeVersions.trl, config: "trainers/trl/train_trl.py",
      command: `BASE_MODEL="${BASE}" python trainers/trl/train_trl.py`,
      toGguf: `${loraToGguf} trainers/trl/out`,
    },
    {
      trainer: "axolotl", version: recipeVersions.axolotl, config: "trainers/axolotl/axolotl.yaml",
      command: `sed "s|BASE_MODEL|${BASE}|" trainers/axolotl/axolotl.yaml > trainers/axolotl/run.yaml && axolotl train trainers/axolotl/run.yaml`,
      toGguf: `${loraToGguf} trainers/axolotl/out`,
    },
  ];
  const readme = [
    "# Training this export outside tracetune",
    "",
    "The rows are in `messages/` (chat rows, assistant turn last) and `prompt-completion/` (completion-only loss).",
    "Set BASE_MODEL to the Hugging Face id or local folder of the model the GGUF was converted from, then:",
    "",
    ...recipes.flatMap((recipe) => [`## ${recipe.trainer} ${recipe.version}`, "", "```sh", recipe.command, "```", "", "Back to GGUF (then load it as the adapter or model of the next round):", "", "```sh", recipe.toGguf, "```", ""]),
  ].join("\n");
  return {
    recipes,
    files: [
      { path: "trainers/mlx-lm/lora_config.yaml", content: yaml(mlx) },
      { path: "trainers/trl/train_trl.py", content: trlScript },
      { path: "trainers/axolotl/axolotl.yaml", content: yaml(axolotl) },
      { path: "trainers/README.md", content: readme },
    ],
  };
}
