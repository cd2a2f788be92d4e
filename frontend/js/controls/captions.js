// Captions that read the live state back to the learner in the course's words, and which fields the
// current choices leave unused (e.g. β2 under plain gradient descent). Pure: config in, text out.

const fmt = (x) => (Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(1) : String(+x.toPrecision(4)));
const horizon = (b) => (b > 0 ? `averages ≈ ${fmt(1 / (1 - b))} steps` : "no averaging");

const DECAY = {
  none: "α stays α0",
  inverse: "α = α0 / (1 + rate·k), k = ⌊epoch / interval⌋",
  exponential: "α = α0 · rate^epoch",
  inverse_sqrt: "α = α0 · rate / √epoch",
  staircase: "α = α0 · rate^k, k = ⌊epoch / interval⌋",
};

const INIT = {
  zeros: "W = 0: every unit of a layer stays identical (symmetry never breaks)",
  random: "W = N(0,1) · scale",
  xavier: "W = N(0,1) · √(1/n_prev), suits tanh",
  he: "W = N(0,1) · √(2/n_prev), suits ReLU",
};

/** Fields with no effect under the current config, with the reason shown as their caption. */
export function unusedFields(c) {
  const out = {};
  const by = { gd: "gradient descent", momentum: "momentum", rmsprop: "RMSprop", adam: "Adam" }[c.optimizer];
  if (c.optimizer !== "momentum") out.beta = `not used by ${by}`;
  if (c.optimizer !== "adam") out.beta1 = `not used by ${by}`;
  if (c.optimizer === "gd" || c.optimizer === "momentum") {
    out.beta2 = `not used by ${by}`;
    out.epsilon = `not used by ${by}`;
  }
  if (c.lr_decay === "none") out.decay_rate = out.decay_interval = "no decay schedule";
  if (c.lr_decay === "exponential" || c.lr_decay === "inverse_sqrt") out.decay_interval = "this schedule uses the epoch";
  if (c.init !== "random") out.init_scale = `only for random init`;
  if (c.dataset === "custom") out.n_samples = out.noise = out.dev_ratio = out.test_ratio = out.data_seed = "drawn data";
  if (!["blobs", "spiral", "custom"].includes(c.dataset)) out.classes = "this generator has 2 classes";
  if (!c.augment_copies) out.augment_jitter = "no augmented copies";
  return out;
}

/**
 * @param {object} c  the config
 * @param {{trainSize?: number}} info  live facts from the server
 * @returns {Object<string, string>} caption per field
 */
export function captions(c, info = {}) {
  const m = info.trainSize;
  const batch = c.mini_batch_size === 0 || (m && c.mini_batch_size >= m) ? m || 0 : c.mini_batch_size;
  const perEpoch = m ? Math.ceil(m / Math.max(batch, 1)) : null;
  const kind = c.mini_batch_size === 0 ? "full batch" : c.mini_batch_size === 1 ? "stochastic (one example)" : "mini-batch";
  const out = {
    learning_rate: `step size α0${c.lr_decay !== "none" ? " before decay" : ""}`,
    beta: horizon(c.beta),
    beta1: `momentum term, ${horizon(c.beta1)}`,
    beta2: `squared gradients, ${horizon(c.beta2)}`,
    epsilon: "keeps the division by √s finite",
    mini_batch_size: `${kind}${perEpoch ? `: ${perEpoch} step${perEpoch > 1 ? "s" : ""} per epoch (${m} training points)` : ""}`,
    lr_decay: DECAY[c.lr_decay] || "",
    decay_rate: `rate = ${fmt(c.decay_rate)}`,
    decay_interval: `k grows every ${c.decay_interval} epoch${c.decay_interval > 1 ? "s" : ""}`,
    epochs: `training stops after ${c.epochs} epochs`,
    l2: c.l2 > 0 ? `cost += λ/(2m) · Σ‖W‖²` : "off",
    keep_prob: c.keep_prob < 1 ? `inverted dropout: drops ${Math.round((1 - c.keep_prob) * 100)}% of hidden units while training` : "no dropout",
    early_stopping: c.early_stopping > 0 ? `stop after ${c.early_stopping} epochs without a better dev cost` : "off",
    batch_norm: c.batch_norm ? "normalizes each hidden z, learns γ and β" : "off",
    augment_copies: c.augment_copies > 0 ? `${c.augment_copies} jittered cop${c.augment_copies > 1 ? "ies" : "y"} of each training point` : "off",
    augment_jitter: `jitter std ${c.augment_jitter}`,
    init: INIT[c.init] || "",
    init_scale: `N(0,1) · ${c.init_scale}`,
    seed: "initialization, shuffling and dropout",
    noise: c.noise === 0 ? "clean" : `jitter ${c.noise}`,
    dev_ratio: `${Math.round(c.dev_ratio * 100)}% of the points held out for dev`,
    test_ratio: `${Math.round(c.test_ratio * 100)}% held out for test`,
    data_seed: "generator and split",
    normalize_inputs: c.normalize_inputs ? "inputs standardized with the training mean and std" : "raw inputs",
  };
  for (const [k, why] of Object.entries(unusedFields(c))) out[k] = why;
  return out;
}
