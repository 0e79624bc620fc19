// say turns a coded problem from the API (a 422's field error, a gate's
// condition) into words in the interface's language, from the catalogue the
// server registers (messages.json, kept equal to it by a Go test). The
// server's own message is the fallback for a code this build does not know.
import catalogue from "./messages.json";
import i18n from "../i18n/i18n";

export interface Coded {
  code?: string;
  params?: Record<string, unknown>;
  message?: string;
  description?: string;
}

const texts: Record<string, { en: string; zh: string } | undefined> = catalogue;

// Params that hold an enum value, and the translation table that names it.
const enumParams: Record<string, string> = {
  role: "roles", org_type: "orgType", status: "status", from: "status", stage: "status", source: "source",
};

export function say(p: Coded, lang: string = i18n.language): string {
  const text = p.code ? texts[p.code] : undefined;
  if (!text) return p.message ?? p.description ?? p.code ?? "";
  const en = lang === "en";
  return (en ? text.en : text.zh).replace(/\{([a-z_]+)\}/g, (whole, name: string) => {
    const v = p.params?.[name];
    if (v === undefined || v === null) return whole;
    if (typeof v === "object") return say(v as Coded, lang); // an import row nests its cell's problem
    if (typeof v === "number") return v.toLocaleString("en-US");
    const table = enumParams[name];
    if (table) {
      if (en) return String(v).replaceAll("_", " ");
      const key = `${table}.${String(v)}`;
      if (i18n.exists(key, { lng: lang })) return i18n.t(key, { lng: lang });
    }
    return String(v);
  });
}

// acceptLanguage is what the API is asked to speak: titles and details come
// back in the interface's language.
export function acceptLanguage(): string {
  return i18n.language === "en" ? "en" : "zh-CN";
}
