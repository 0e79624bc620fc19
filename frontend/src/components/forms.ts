import { useRef } from "react";
import type { FormInstance } from "antd";
import type { Rule } from "antd/es/form";
import { ApiError } from "../api/client";
import { say } from "../api/messages";

// applyServerErrors maps a 422's field errors onto the form's fields (by
// their JSON names, "team.size" → ["team", "size"]); it returns the errors no
// field took, to show above the form.
export function applyServerErrors(form: FormInstance, err: unknown): string[] {
  if (!(err instanceof ApiError) || err.fields.length === 0) return err instanceof Error ? [err.message] : [String(err)];
  const known = new Set(Object.keys(form.getFieldsValue(true) ?? {}));
  const left: string[] = [];
  const fields = err.fields
    .map((f) => ({ name: fieldPath(f.field), errors: [say(f)] }))
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

// rangeRule refuses a number outside [min, max] with a message in the
// interface's language. Number fields use it instead of InputNumber's
// min/max, which silently replace an out-of-range entry on blur (a 60M
// funding cap saved as 50M, a score of 55 as 40).
export function rangeRule(t: (key: string, opts?: Record<string, unknown>) => string, min: number, max?: number): Rule {
  const fmt = (n: number) => n.toLocaleString();
  return {
    type: "number", min, max,
    message: max === undefined ? t("form.atLeast", { min: fmt(min) }) : t("form.range", { min: fmt(min), max: fmt(max) }),
  };
}

// newKey is a random Idempotency-Key (crypto.getRandomValues works outside
// secure contexts too, unlike crypto.randomUUID).
export function newKey(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

// settles tells whether an attempt's outcome is known: the server answered
// for good (done, or refused for a reason a retry will not change). An
// attempt without an answer (the network failed), or answered 5xx, 409 or
// 429, may or may not have happened, or may be retried as it is.
export function settles(err: unknown): boolean {
  return !err || (err instanceof ApiError && err.status < 500 && err.status !== 409 && err.status !== 429);
}

// useIdempotentCreate sends a form's create with an Idempotency-Key that
// lives as long as the attempt's outcome is unknown: retrying after a network
// failure sends the same key, so the server creates the object at most once;
// once the server has answered for good, the next attempt (a corrected form)
// gets a fresh key.
export function useIdempotentCreate() {
  const key = useRef<string>(null);
  return async function create<T>(send: (key: string) => Promise<T>): Promise<T> {
    key.current ??= newKey();
    try {
      const out = await send(key.current);
      key.current = null;
      return out;
    } catch (e) {
      if (settles(e)) key.current = null;
      throw e;
    }
  };
}
