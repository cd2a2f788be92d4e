// A group of schema-driven fields (one panel's worth): builds them, keeps them in step with the config, and
// shows the live captions; fields the current choices leave unused are dimmed with the reason.
import { createField } from "./field.js";
import { HINTS } from "./field-hints.js";

/**
 * @param {HTMLElement} container
 * @param {string[]} names  config fields, in display order (unknown to the schema: skipped)
 * @param {{fields: object}} schema
 * @param {(partial: object, opts: {commit: boolean}) => void} onChange
 */
export function createFieldGroup(container, names, schema, onChange) {
  const controls = {};
  for (const name of names) {
    const spec = schema.fields[name];
    if (!spec) continue;
    const hint = HINTS[name] || { widget: defaultWidget(spec), step: 0.01 };
    const field = createField(spec, hint, (v, opts) => onChange({ [name]: v }, opts));
    controls[name] = field;
    container.append(field.el);
  }
  return {
    controls,
    /** @param {object} config @param {Object<string,string>} captions @param {Object<string,string>} unused */
    update(config, captions, unused) {
      for (const [name, f] of Object.entries(controls)) {
        f.set(config[name]);
        f.caption(captions[name] || "");
        f.enable(!unused[name]);
      }
    },
    /** @param {Set<string>|null} names  locked fields (null: none) @param {string} why  their tooltip */
    lock(names, why) {
      for (const [name, f] of Object.entries(controls)) f.lock(names?.has(name) ? why : null);
    },
  };
}

function defaultWidget(spec) {
  if (spec.kind === "boolean") return "check";
  if (spec.kind === "enum") return "select";
  if (spec.kind === "integer") return "number";
  return "range";
}
