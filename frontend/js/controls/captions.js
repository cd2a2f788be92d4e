// Captions that read the live state back to the learner in the course's words, and which fields the
// current choices leave unused (e.g. β2 under plain gradient descent). Pure: config in, text out (the
// texts are the catalogue's, in the page's language).
import { t } from "../i18n.js";

const fmt = (x) => (Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(1) : String(+x.toPrecision(4)));
const horizon = (b) => (b > 0 ? t("cap.horizon", { n: fmt(1 / (1 - b)) }) : t("cap.no_averaging"));
const plural = (key, n) => t(n === 1 ? `${key}_one` : key, { n });

/** Fields with no effect under the current config, with the reason shown as their caption. */
export function unusedFields(c) {
  const out = {};
  const notUsed = t("cap.not_used_by", { optimizer: t(`cap.by.${c.optimizer}`) });
  if (c.optimizer !== "momentum") out.beta = notUsed;
  if (c.optimizer !== "adam") out.beta1 = notUsed;
  if (c.optimizer === "gd" || c.optimizer === "momentum") {
    out.beta2 = notUsed;
    out.epsilon = notUsed;
  }
  if (c.lr_decay === "none") out.decay_rate = out.decay_interval = t("cap.no_decay");
  if (c.lr_decay === "exponential" || c.lr_decay === "inverse_sqrt") out.decay_interval = t("cap.uses_epoch");
  if (c.init !== "random") out.init_scale = t("cap.only_random");
  if (c.dataset === "custom") out.n_samples = out.noise = out.dev_ratio = out.test_ratio = out.data_seed = t("cap.drawn");
  if (!["blobs", "spiral", "custom"].includes(c.dataset)) out.classes = t("cap.two_classes");
  if (!c.augment_copies) out.augment_jitter = t("cap.no_copies");
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
  const kind = t(c.mini_batch_size === 0 ? "cap.batch.full" : c.mini_batch_size === 1 ? "cap.batch.one" : "cap.batch.mini");
  const off = t("cap.off");
  const out = {
    learning_rate: t(c.lr_decay !== "none" ? "cap.lr_before_decay" : "cap.lr"),
    beta: horizon(c.beta),
    beta1: t("cap.beta1", { horizon: horizon(c.beta1) }),
    beta2: t("cap.beta2", { horizon: horizon(c.beta2) }),
    epsilon: t("cap.epsilon"),
    mini_batch_size: perEpoch ? t(perEpoch > 1 ? "cap.batch.steps" : "cap.batch.steps_one", { kind, n: perEpoch, m }) : kind,
    lr_decay: t(`cap.decay.${c.lr_decay}`),
    decay_rate: t("cap.decay_rate", { rate: fmt(c.decay_rate) }),
    decay_interval: plural("cap.decay_interval", c.decay_interval),
    epochs: t("cap.epochs", { n: c.epochs }),
    l2: c.l2 > 0 ? t("cap.l2") : off,
    keep_prob: c.keep_prob < 1 ? t("cap.keep_prob", { pct: Math.round((1 - c.keep_prob) * 100) }) : t("cap.no_dropout"),
    early_stopping: c.early_stopping > 0 ? t("cap.early_stopping", { n: c.early_stopping }) : off,
    batch_norm: c.batch_norm ? t("cap.batch_norm") : off,
    augment_copies: c.augment_copies > 0 ? plural("cap.augment_copies", c.augment_copies) : off,
    augment_jitter: t("cap.augment_jitter", { std: c.augment_jitter }),
    init: t(`cap.init.${c.init}`),
    init_scale: `N(0,1) · ${c.init_scale}`,
    seed: t("cap.seed"),
    noise: c.noise === 0 ? t("cap.noise_clean") : t("cap.noise", { noise: c.noise }),
    dev_ratio: t("cap.dev_ratio", { pct: Math.round(c.dev_ratio * 100) }),
    test_ratio: t("cap.test_ratio", { pct: Math.round(c.test_ratio * 100) }),
    data_seed: t("cap.data_seed"),
    normalize_inputs: t(c.normalize_inputs ? "cap.normalized" : "cap.raw"),
  };
  for (const [k, why] of Object.entries(unusedFields(c))) out[k] = why;
  return out;
}
