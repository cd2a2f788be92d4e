// How each config field is presented: the widget and the course's grouping. Its visible label (the course's
// name, which is also its accessible name) and option texts are in the catalogues (field.<name>, choice.<value>).
// Bounds and defaults are NOT here: they come from the schema.
import { has, t } from "../i18n.js";

/** Course grouping of the hyperparameter panels (fields in display order). */
export const GROUPS = [
  { id: "optimization", fields: ["optimizer", "learning_rate", "beta", "beta1", "beta2", "epsilon", "mini_batch_size", "lr_decay", "decay_rate", "decay_interval", "epochs"] },
  { id: "regularization", fields: ["l2", "keep_prob", "early_stopping", "batch_norm", "augment_copies", "augment_jitter"] },
  { id: "initialization", fields: ["init", "init_scale", "seed"] },
];

export const DATA_FIELDS = ["dataset", "classes", "noise", "n_samples", "dev_ratio", "test_ratio", "data_seed"];

/**
 * widget: "log" = select over a 1-3 (or 1-2-5) sequence inside the schema bounds (values from the URL are
 * added when off the sequence); "range" = slider whose value IS the field value; "number"; "select"; "check".
 * `from` is where a log sequence starts when the schema's lower bound is 0 or exclusive (a view choice).
 */
export const HINTS = {
  dataset: { widget: "select" },
  classes: { widget: "select" },
  noise: { widget: "range", step: 0.01 },
  n_samples: { widget: "number" },
  dev_ratio: { widget: "range", step: 0.05 },
  test_ratio: { widget: "range", step: 0.05 },
  data_seed: { widget: "number" },
  normalize_inputs: { widget: "check" },
  optimizer: { widget: "select" },
  learning_rate: { widget: "log", from: 1e-5, mantissas: [1, 3] },
  beta: { widget: "range", step: 0.01 },
  beta1: { widget: "range", step: 0.01 },
  beta2: { widget: "range", step: 0.001 },
  epsilon: { widget: "log", from: 1e-12, mantissas: [1] },
  mini_batch_size: { widget: "number" },
  lr_decay: { widget: "select" },
  decay_rate: { widget: "log", from: 0.01, mantissas: [1, 2, 5], zero: true },
  decay_interval: { widget: "number" },
  epochs: { widget: "number" },
  l2: { widget: "log", from: 0.001, mantissas: [1, 3], zero: true },
  keep_prob: { widget: "range", step: 0.05 },
  early_stopping: { widget: "number" },
  batch_norm: { widget: "check" },
  augment_copies: { widget: "number" },
  augment_jitter: { widget: "range", step: 0.05 },
  init: { widget: "select" },
  init_scale: { widget: "log", from: 0.001, mantissas: [1, 3] },
  seed: { widget: "number" },
};

/** Option text for an enum value (the value itself when the catalogue has none, e.g. "tanh"). */
export function choiceText(value) {
  return has(`choice.${value}`) ? t(`choice.${value}`) : String(value);
}

/** A field's visible label and its tooltip (the schema's English title/description as the fallback). */
export function fieldText(spec) {
  const label = has(`field.${spec.name}`) ? t(`field.${spec.name}`) : spec.title;
  const description = has(`field.${spec.name}.description`) ? t(`field.${spec.name}.description`) : spec.description;
  return { label, description };
}
