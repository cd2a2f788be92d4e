// Error messages in the reader's language. The wire and the URL codecs speak English (the sentences are part
// of the protocol and of the JS/Python codec twins' contract): this module reads a message's `code`, `field`
// and the shape of its English reason, and writes the catalogue's sentence with the same numbers and names.
// A reason of a shape not listed here is shown as sent (the zh-CN browser test walks the ones the pages hit).
// English pages show the sentences as sent: they are the English text (the catalogue's en reason.* keys
// mirror them for reference and for the key/placeholder checks).
import { has, lang, t } from "./i18n.js";

// [pattern of the English reason, catalogue key, names of the captured parts]; the first match wins.
// A part named `reason` is itself a reason and is rendered recursively (e.g. "item 2: must be at least 1").
const REASONS = [
  [/^(.+) \(got (.+)\)$/s, "reason.got", ["reason", "value"]],
  [/^item (\d+): (.+)$/s, "reason.item", ["n", "reason"]],
  [/^point (\d+): label (\d+) needs classes > (\d+)$/, "reason.point_classes", ["n", "label", "min"]],
  [/^point (\d+): label (.+)$/s, "reason.point_label", ["n", "reason"]],
  [/^line (\d+): expected x1,x2,label\[,split\], got (\d+) columns$/, "reason.csv_columns", ["n", "count"]],
  [/^line (\d+): x1 and x2 must be numbers$/, "reason.csv_numbers", ["n"]],
  [/^line (\d+): label must be a whole number 0\.\.(\d+)$/, "reason.csv_label", ["n", "max"]],
  [/^line (\d+): split must be train, dev or test$/, "reason.csv_split", ["n"]],
  [/^line (\d+): (.+)$/s, "reason.line", ["n", "reason"]],
  [/^"(.+)" is not a date \(write YYYY-MM-DD, e\.g\. 2020-01-31\)$/, "reason.not_date", ["value"]],
  [/^"(.+)" is too large \(at most (\S+) in size\)$/, "reason.too_large_value", ["value", "max"]],
  [/^expected one value or date,value; found (\d+) columns$/, "reason.columns", ["count"]],
  [/^expected (.+) like the lines above; found (\d+) columns$/, "reason.columns_above", ["what", "count"]],
  [/^too many values: at most (\d+)$/, "reason.max_values", ["n"]],
  [/^no values found: .+$/, "reason.no_values_found", []],
  [/^(?:must be at least|Input should be greater than or equal to) (\S+)$/, "reason.min", ["n"]],
  [/^(?:must be at most|Input should be less than or equal to) (\S+)$/, "reason.max", ["n"]],
  [/^(?:must be greater than|Input should be greater than) (\S+)$/, "reason.gt", ["n"]],
  [/^(?:must be less than|Input should be less than) (\S+)$/, "reason.lt", ["n"]],
  [/^(?:must be a whole number|expected a whole number|Input should be a valid integer.*)$/, "reason.integer", []],
  [/^(?:must be a (?:finite )?number|numbers must be finite|Input should be a (?:valid|finite) number.*)$/, "reason.number", []],
  [/^(?:must be|expected) true or false$|^Input should be a valid boolean.*$/, "reason.boolean", []],
  [/^(?:must be one of|expected one of) (.+)$/, "reason.one_of", ["choices"]],
  [/^"(.+)" is not one of (.+)$/, "reason.not_one_of", ["value", "choices"]],
  [/^Input should be (.+)$/, "reason.one_of", ["choices"]],
  [/^needs at least (\d+) item\(s\)$/, "reason.min_items", ["n"]],
  [/^(?:allows at most (\d+) items|List should have at most (\d+) items.*)$/, "reason.max_items", ["n", "n"]],
  [/^unknown key \((?:ignored|not part of the schema)\)$/, "reason.unknown_key", []],
  [/^given more than once \(using the default\)$/, "reason.twice", []],
  [/^malformed percent-escape$/, "reason.escape", []],
  [/^unsupported version (.+); read as v=(\d+)$/, "reason.version", ["value", "v"]],
  [/^(?:features: )?features must not repeat$/, "reason.features_repeat", []],
  [/^a list needs one entry per hidden layer \((\d+)\)$/, "reason.activation_list", ["n"]],
  [/^dev_ratio \+ test_ratio must be at most 0\.9.*$/, "reason.ratios", []],
  [/^(?:points: )?at most (\d+) drawn points in all.*$/, "reason.max_points", ["n"]],
  [/^(?:early_stopping: )?needs a dev set.*$/, "reason.early_stopping_dev", []],
  [/^(?:points: )?custom data needs at least one training point.*$/, "reason.no_points", []],
  [/^expected steps per second from (\S+) to (\S+)$/, "reason.race_speed", ["lo", "hi"]],
  [/^only the first (\d+) are shown \(the slider takes one more\)$/, "reason.first_betas", ["n"]],
  [/^expected p=NAME:SCALE:MIN:MAX or p=NAME:values:V1,V2$/, "reason.p_syntax", []],
  [/^(\w+): expected \1:MIN:MAX$/, "reason.scale_syntax", ["scale"]],
  [/^(.+): (\S+) is not on the 0\.01 grid \(snap it first\)$/, "reason.grid", ["where", "x"]],
  [/^(.+): (\S+) is outside \+-(\S+)$/, "reason.outside", ["where", "x", "limit"]],
  [/^not a packed point list \((.+)\)$/, "reason.packed", ["reason"]],
  [/^not base64url$/, "reason.base64", []],
  [/^not whole (\d+)-byte point records$/, "reason.records", ["n"]],
  [/^expected numbers separated by commas$/, "reason.comma_numbers", []],
  [/^expected two numbers "x,y"$/, "reason.two_numbers", []],
  [/^expected (an integer|a number)(?: (.+))?$/, "reason.expected_number", ["kind", "range"]],
  [/^(\[.+?\]|\(.+?\)) lies outside the (\w+) domain x in \[(.+)\], y in \[(.+)\]$/, "reason.domain", ["point", "surface", "x", "y"]],
  [/^expected (.+)$/, "reason.expected", ["what"]],
  [/^not a race setting$/, "reason.not_race", []],
  [/^no racer given$/, "reason.no_racer", []],
  [/^(.+): not a racer \((.+)\)$/, "reason.not_racer", ["value", "choices"]],
  [/^each beta must be at least (\S+) and below (\S+)$/, "reason.beta_range", ["lo", "hi"]],
  [/^at most (\d+) betas \(the slider takes one more\)$/, "reason.max_betas", ["n"]],
  [/^at most (\d+) values$/, "reason.max_values", ["n"]],
  [/^not a series name$/, "reason.series_name", []],
  [/^(.+) is not a number$/, "reason.not_number", ["value"]],
  [/^values: give at least one number$/, "reason.no_values", []],
  [/^unknown scale (.+) \(use .+\)$/, "reason.scale", ["value"]],
];

// parts that are words themselves: rendered in the reader's language too
const PARTS = {
  reason: (s) => reasonText(s),
  kind: (s) => t(s === "an integer" ? "reason.kind_integer" : "reason.kind_number"),
  range: (s) => s.split(" and ").join(t("reason.and")),
  surface: (s) => t("error.label_key", { label: t(`surface.${s}`), key: s }),
};

/** The reader's sentence for one English reason (the English itself when its shape is not known). */
export function reasonText(text) {
  const s = String(text ?? "");
  if (lang === "en") return s;
  for (const [re, key, names] of REASONS) {
    const m = s.match(re);
    if (!m) continue;
    const vars = {};
    names.forEach((name, i) => {
      const part = m[i + 1];
      if (part === undefined) return;
      vars[name] = PARTS[name] ? PARTS[name](part) : part;
    });
    return t(key, vars);
  }
  return s;
}

/** A config field's visible label (the course's name), or the field path itself for anything else. */
export function fieldLabel(path) {
  const name = String(path || "").replace(/^(config|sweep)\./, "");
  return has(`field.${name}`) ? t(`field.${name}`) : name;
}

/**
 * "key: reason" as the reader reads it: in English the key as written (the URL's or the wire's), in Chinese
 * the field's label with the key beside it (a key the catalogue has no label for stays as it is).
 */
export function fieldReason(key, reason) {
  const label = fieldLabel(key);
  // English names a field by its key (the labels are English words for the same thing)
  const field = lang === "en" || label === key ? key : t("error.label_key", { label, key });
  return t("error.field_reason", { field, reason });
}

/** A server error {code, field, message} as one sentence: transport codes by code, the rest by field + reason. */
export function errorText(msg) {
  if (lang !== "en" && has(`error.code.${msg.code}`)) return t(`error.code.${msg.code}`);
  const tail = String(msg.field || "").replace(/^(config|sweep)\./, "");
  let reason = String(msg.message || "");
  if (tail && reason.startsWith(`${tail}: `)) reason = reason.slice(tail.length + 2); // ConfigError.line()
  if (!tail) return reasonText(reason);
  return fieldReason(tail, reasonText(reason));
}

/** "name: reason" (a form's or a codec's line) with the field's label and the reason in the reader's words. */
export function prefixedText(text) {
  const m = /^([\w.]+): (.+)$/s.exec(String(text));
  return m ? fieldReason(m[1], reasonText(m[2])) : reasonText(text);
}

/** A URL decoding error {field, message} of any page's codec. */
export function urlErrorText(e) {
  return reasonText(e.message);
}
