import type { Dayjs } from "dayjs";

export const req = (t: (k: string) => string) => [{ required: true, message: t("form.required") }];

export const day = (d?: Dayjs | null) => d?.format("YYYY-MM-DD");
