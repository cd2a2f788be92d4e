// How each config field is presented: its visible label (the course's name, which is also its accessible
// name), the widget, and the course's grouping. Bounds and defaults are NOT here: they come from the schema.

/** Course grouping of the hyperparameter panels (fields in display order). */
export const GROUPS = [
  { id: "optimization", title: "Optimization", fields: ["optimizer", "learning_rate", "beta", "beta1", "beta2", "epsilon", "mini_batch_size", "lr_decay", "decay_rate", "decay_interval", "epochs"] },
  { id: "regularization", title: "Regularization", fields: ["l2", "keep_prob", "early_stopping", "batch_norm", "augment_copies", "augment_jitter"] },
  { id: "initialization", title: "Initialization", fields: ["init", "init_scale", "seed"] },
];

export const DATA_FIELDS = ["dataset", "classes", "noise", "n_samples", "dev_ratio", "test_ratio", "data_seed"];

/**
 * widget: "log" = select over a 1-3 (or 1-2-5) sequence inside the schema bounds (values from the URL are
 * added when off the sequence); "range" = slider whose value IS the field value; "number"; "select"; "check".
 * `from` is where a log sequence starts when the schema's lower bound is 0 or exclusive (a view choice).
 */
export const HINTS = {
  dataset: { label: "Dataset", widget: "select" },
  classes: { label: "Classes", widget: "select" },
  noise: { label: "Noise", widget: "range", step: 0.01 },
  n_samples: { label: "Number of points", widget: "number" },
  dev_ratio: { label: "Dev ratio", widget: "range", step: 0.05 },
  test_ratio: { label: "Test ratio", widget: "range", step: 0.05 },
  data_seed: { label: "Data seed", widget: "number" },
  normalize_inputs: { label: "Normalize inputs", widget: "check" },
  optimizer: { label: "Optimizer", widget: "select" },
  learning_rate: { label: "Learning rate α", widget: "log", from: 1e-5, mantissas: [1, 3] },
  beta: { label: "Momentum β", widget: "range", step: 0.01 },
  beta1: { label: "Adam β1", widget: "range", step: 0.01 },
  beta2: { label: "β2 (RMSprop, Adam)", widget: "range", step: 0.001 },
  epsilon: { label: "ε (RMSprop, Adam)", widget: "log", from: 1e-12, mantissas: [1] },
  mini_batch_size: { label: "Mini-batch size", widget: "number" },
  lr_decay: { label: "Learning-rate decay", widget: "select" },
  decay_rate: { label: "Decay rate", widget: "log", from: 0.01, mantissas: [1, 2, 5], zero: true },
  decay_interval: { label: "Decay interval", widget: "number" },
  epochs: { label: "Epochs", widget: "number" },
  l2: { label: "L2 λ", widget: "log", from: 0.001, mantissas: [1, 3], zero: true },
  keep_prob: { label: "Keep prob", widget: "range", step: 0.05 },
  early_stopping: { label: "Early stopping patience", widget: "number" },
  batch_norm: { label: "Batch norm", widget: "check" },
  augment_copies: { label: "Augmented copies", widget: "number" },
  augment_jitter: { label: "Augmentation jitter", widget: "range", step: 0.05 },
  init: { label: "Weight init", widget: "select" },
  init_scale: { label: "Init scale", widget: "log", from: 0.001, mantissas: [1, 3] },
  seed: { label: "Seed", widget: "number" },
};

/** Option text for enum values (the value itself when absent). */
export const CHOICE_TEXT = {
  gd: "Gradient descent",
  momentum: "Momentum",
  rmsprop: "RMSprop",
  adam: "Adam",
  none: "none",
  inverse: "1 / (1 + rate·k)",
  exponential: "rate^epoch",
  inverse_sqrt: "rate / √epoch",
  staircase: "rate^k (staircase)",
  xor: "XOR",
  blobs: "Blobs",
  custom: "Drawn points",
  zeros: "zeros",
  random: "random × scale",
  xavier: "Xavier √(1/n)",
  he: "He √(2/n)",
};
