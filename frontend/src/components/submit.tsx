import { useState } from "react";
import { Alert, type FormInstance } from "antd";
import { applyServerErrors } from "./forms";

// useServerSubmit runs a form's submission against the API: busy while it
// runs; a 422's field errors land on their fields, and the errors no field
// takes are returned to show above the form.
export function useServerSubmit(form: FormInstance) {
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  async function run(work: () => Promise<void>) {
    setErrors([]);
    setBusy(true);
    try {
      await work();
    } catch (e) {
      // antd's own validation has already marked its fields.
      if (!(e && typeof e === "object" && "errorFields" in e)) setErrors(applyServerErrors(form, e));
    } finally {
      setBusy(false);
    }
  }
  return { errors, busy, run };
}

// FormErrors shows the errors no field took, above the form.
export function FormErrors({ errors }: { errors: string[] }) {
  return errors.map((e) => <Alert key={e} type="error" showIcon message={e} style={{ marginBottom: 8 }} />);
}
