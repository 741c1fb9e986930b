import { describe, expect, it } from "vitest";
import { buildTrainerRecipes, recipeVersions } from "../../../native/export/common/trainerRecipes.js";

/**
 * Option names as each trainer documents them, for the versions the recipes name (recipeVersions):
 * - mlx-lm 0.28: `mlx_lm.lora -c config.yaml` takes the CONFIG_DEFAULTS keys of mlx_lm/lora.py and its
 *   command-line options (LORA.md, "Fine-tune"); lora_parameters holds rank, dropout and scale.
 * - trl 0.24: SFTConfig fields (docs "SFT Trainer" → SFTConfig, plus transformers.TrainingArguments fields)
 *   and peft's LoraConfig fields.
 * - axolotl 0.12: the config reference (docs/config-reference.qmd), datasets entries of type chat_template
 *   (docs/dataset-formats/conversation.qmd).
 */
const documented = {
  mlx: ["model", "train", "data", "fine_tune_type", "optimizer", "optimizer_config", "mask_prompt", "num_layers", "batch_size", "iters", "val_batches", "learning_rate", "steps_per_report", "steps_per_eval", "grad_accumulation_steps", "resume_adapter_file", "adapter_path", "save_every", "test", "test_batches", "max_seq_length", "config", "grad_checkpoint", "lr_schedule", "lora_parameters", "seed", "report_to", "project_name"],
  mlxLora: ["rank", "dropout", "scale"],
  mlxCli: ["-c", "--config", "--model", "--train", "--data", "--adapter-path", "--iters", "--batch-size", "--mask-prompt"],
  sftConfig: ["output_dir", "num_train_epochs", "learning_rate", "per_device_train_batch_size", "gradient_accumulation_steps", "max_length", "completion_only_loss", "assistant_only_loss", "packing", "eval_strategy", "logging_steps", "save_strategy", "bf16"],
  loraConfig: ["r", "lora_alpha", "lora_dropout", "target_modules", "task_type", "bias"],
  axolotl: ["base_model", "chat_template", "chat_template_jinja", "datasets", "test_datasets", "dataset_prepared_path", "output_dir", "adapter", "lora_r", "lora_alpha", "lora_dropout", "lora_target_modules", "lora_target_linear", "sequence_len", "sample_packing", "micro_batch_size", "gradient_accumulation_steps", "num_epochs", "learning_rate", "optimizer", "lr_scheduler", "val_set_size"],
  axolotlDataset: ["path", "ds_type", "type", "split", "field_messages", "message_property_mappings", "roles_to_train", "train_on_eos", "data_files"],
};

const { recipes, files } = buildTrainerRecipes({ maxTokens: 1024, chatTemplate: "{{ messages }}", epochs: 2, trainRows: 10 });
const file = (name: string) => files.find((f) => f.path === name)!.content;
/** The keyword arguments of a Python call `Name(...)` in a script. */
const kwargs = (script: string, call: string) => [...new RegExp(`${call}\\(([\\s\\S]*?)\\)\\n`).exec(script)![1].matchAll(/(\w+)=/g)].map((m) => m[1]);

describe("trainer recipes", () => {
  it("name the versions their options were checked against", () => {
    expect(recipes.map((r) => [r.trainer, r.version])).toEqual([["mlx-lm", recipeVersions["mlx-lm"]], ["trl", recipeVersions.trl], ["axolotl", recipeVersions.axolotl]]);
    for (const recipe of recipes) expect(recipe.toGguf).toMatch(/convert_(lora_to_gguf|hf_to_gguf)\.py/);
  });

  it("MLX-LM: every config key and command option is one mlx_lm.lora documents; data is the messages dir with the prompt masked", () => {
    const config = JSON.parse(file("trainers/mlx-lm/lora_config.yaml"));
    for (const key of Object.keys(config)) expect(documented.mlx, key).toContain(key);
    for (const key of Object.keys(config.lora_parameters)) expect(documented.mlxLora, key).toContain(key);
    expect(config).toMatchObject({ data: "messages", mask_prompt: true, fine_tune_type: "lora", max_seq_length: 1024, iters: 5 });
    const flags = recipes[0].command.match(/ --?[a-z-]+/g)!.map((flag) => flag.trim());
    for (const flag of flags) expect(documented.mlxCli, flag).toContain(flag);
  });

  it("TRL: SFTConfig and LoraConfig get documented fields only, on the prompt-completion files", () => {
    const script = file("trainers/trl/train_trl.py");
    for (const key of kwargs(script, "SFTConfig")) expect(documented.sftConfig, key).toContain(key);
    for (const key of kwargs(script, "LoraConfig")) expect(documented.loraConfig, key).toContain(key);
    expect(script).toContain('"prompt-completion/train.jsonl"');
    expect(script).toContain('"prompt-completion/valid.jsonl"');
    expect(script).toContain("completion_only_loss=True");
  });

  it("axolotl: every key is in the config reference; chat_template datasets train the assistant turns with the model's template", () => {
    const config = JSON.parse(file("trainers/axolotl/axolotl.yaml"));
    for (const key of Object.keys(config)) expect(documented.axolotl, key).toContain(key);
    for (const dataset of [...config.datasets, ...config.test_datasets]) {
      for (const key of Object.keys(dataset)) expect(documented.axolotlDataset, key).toContain(key);
      expect(dataset).toMatchObject({ type: "chat_template", field_messages: "messages", roles_to_train: ["assistant"] });
    }
    expect(config.chat_template_jinja).toBe("{{ messages }}");
    expect(config.datasets[0].path).toBe("messages/train.jsonl");
    expect(config.test_datasets[0].path).toBe("messages/valid.jsonl");
  });
});
