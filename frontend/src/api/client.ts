import { acceptLanguage } from "./messages";

// The API client: JSON over fetch, the session's tokens, one refresh on 401,
// and RFC 9457 problems turned into ApiError with the field errors of a 422.

export interface FieldError {
  field: string;
  code?: string; // stable: the app says it from its own catalogue (say)
  params?: Record<string, unknown>;
  message: string; // in the language asked for; the fallback
}

export class ApiError extends Error {
  status: number;
  fields: FieldError[];
  constructor(status: number, message: string, fields: FieldError[] = []) {
    super(message);
    this.status = status;
    this.fields = fields;
  }
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

const base = "/api/v1";
const storageKey = "kcyj2035.session";

export interface Tokens {
  access_token: string;
  refresh_token: string;
}

type Listener = () => void;
const listeners = new Set<Listener>();

export const session = {
  get(): Tokens | null {
    try {
      const raw = localStorage.getItem(storageKey);
      return raw ? (JSON.parse(raw) as Tokens) : null;
    } catch {
      return null;
    }
  },
  set(t: Tokens | null) {
    if (t) localStorage.setItem(storageKey, JSON.stringify({ access_token: t.access_token, refresh_token: t.refresh_token }));
    else localStorage.removeItem(storageKey);
    listeners.forEach((l) => l());
  },
  subscribe(l: Listener) {
    listeners.add(l);
    return () => {
      listeners.delete(l);
    };
  },
};

async function problem(res: Response): Promise<ApiError> {
  let detail = res.statusText;
  let fields: FieldError[] = [];
  try {
    const p = await res.json();
    detail = p.detail || p.title || detail;
    fields = p.errors || [];
  } catch {
    /* not a problem document */
  }
  return new ApiError(res.status, detail, fields);
}

let refreshing: Promise<boolean> | null = null;

// refresh trades the refresh token for a new pair once, however many requests wait for it.
async function refresh(): Promise<boolean> {
  const t = session.get();
  if (!t) return false;
  refreshing ??= (async () => {
    const res = await fetch(`${base}/auth/refresh`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ refresh_token: t.refresh_token }),
    });
    if (!res.ok) {
      session.set(null);
      return false;
    }
    session.set(await res.json());
    return true;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  form?: FormData;
  raw?: boolean; // return the Response (downloads)
  idempotencyKey?: string; // a create the server must do at most once, however often it is sent
}

export function url(path: string, query?: RequestOptions["query"]): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  }
  const s = q.toString();
  return `${base}${path}${s ? `?${s}` : ""}`;
}

export async function api<T>(path: string, opts: RequestOptions = {}, retried = false): Promise<T> {
  const headers: Record<string, string> = { "Accept-Language": acceptLanguage() };
  const t = session.get();
  if (t) headers.Authorization = `Bearer ${t.access_token}`;
  if (opts.idempotencyKey) headers["Idempotency-Key"] = opts.idempotencyKey;
  let body: BodyInit | undefined;
  if (opts.form) body = opts.form;
  else if (opts.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(opts.body);
  }
  const res = await fetch(url(path, opts.query), { method: opts.method ?? "GET", headers, body });
  if (res.status === 401 && t && !retried && !path.startsWith("/auth/")) {
    if (await refresh()) return api<T>(path, opts, true);
    throw await problem(res);
  }
  if (!res.ok) throw await problem(res);
  if (opts.raw) return res as unknown as T;
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

// download saves a response body as a file.
export async function download(path: string, query: RequestOptions["query"], filename: string) {
  const res = await api<Response>(path, { query, raw: true });
  const blob = await res.blob();
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  a.click();
  URL.revokeObjectURL(a.href);
}

// upload sends a file to a documents route as multipart/form-data ("kind"
// before "file"), reporting progress (0–100) as the bytes go. It uses
// XMLHttpRequest, the one browser API that reports upload progress, with the
// same session as api(): one refresh and one retry on 401.
export function upload<T>(path: string, file: File, kind: string | undefined, onProgress: (percent: number) => void, retried = false): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const form = new FormData();
    if (kind) form.append("kind", kind);
    form.append("file", file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url(path));
    const t = session.get();
    if (t) xhr.setRequestHeader("Authorization", `Bearer ${t.access_token}`);
    xhr.setRequestHeader("Accept-Language", acceptLanguage());
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100)); };
    xhr.onerror = () => reject(new ApiError(0, "network error"));
    xhr.onload = async () => {
      if (xhr.status === 401 && t && !retried) {
        if (await refresh()) {
          upload<T>(path, file, kind, onProgress, true).then(resolve, reject);
          return;
        }
      }
      let body: { detail?: string; title?: string; errors?: FieldError[] } | undefined;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(new ApiError(xhr.status, body?.detail || body?.title || xhr.statusText, body?.errors ?? []));
    };
    xhr.send(form);
  });
}
