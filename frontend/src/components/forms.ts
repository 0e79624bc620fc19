import type { FormInstance } from "antd";
import { ApiError } from "../api/client";

// applyServerErrors maps a 422's field errors onto the form's fields (by
// their JSON names, "team.size" → ["team", "size"]); it returns the errors no
// field took, to show above the form.
export function applyServerErrors(form: FormInstance, err: unknown): string[] {
  if (!(err instanceof ApiError) || err.fields.length === 0) return err instanceof Error ? [err.message] : [String(err)];
  const known = new Set(Object.keys(form.getFieldsValue(true) ?? {}));
  const left: string[] = [];
  const fields = err.fields
    .map((f) => ({ name: fieldPath(f.field), errors: [f.message] }))
    .filter((f) => {
      if (known.has(String(f.name[0]))) return true;
      left.push(f.errors[0]);
      return false;
    });
  form.setFields(fields);
  return left;
}

export function fieldPath(field: string): (string | number)[] {
  return field
    .replace(/\[(\d+)\]/g, ".$1")
    .split(".")
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}
