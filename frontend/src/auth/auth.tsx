import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, session, type Tokens } from "../api/client";
import type { Me } from "../api/types";

interface Auth {
  me: Me | null;
  loading: boolean;
  signIn: (email: string, password: string) => Promise<Me>;
  signOut: () => Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const [hasSession, setHasSession] = useState(() => session.get() !== null);
  useEffect(() => session.subscribe(() => setHasSession(session.get() !== null)), []);
  const me = useQuery({
    queryKey: ["me", hasSession],
    queryFn: () => api<Me>("/me"),
    enabled: hasSession,
    retry: false,
  });
  const value: Auth = {
    me: hasSession ? (me.data ?? null) : null,
    loading: hasSession && me.isLoading,
    async signIn(email, password) {
      const tokens = await api<Tokens>("/auth/login", { method: "POST", body: { email, password } });
      // Forget what was fetched as the previous user (or anonymously) before the
      // session changes: clearing the cache afterwards would also drop the /me
      // query the header is waiting on, and the app would look signed out until
      // a reload. fetchQuery shares that query, so the header and the caller see
      // the same answer.
      qc.clear();
      session.set(tokens);
      return qc.fetchQuery({ queryKey: ["me", true], queryFn: () => api<Me>("/me") });
    },
    async signOut() {
      const t = session.get();
      if (t) await api("/auth/logout", { method: "POST", body: { refresh_token: t.refresh_token } }).catch(() => undefined);
      session.set(null);
      qc.clear();
    },
  };
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const a = useContext(AuthContext);
  if (!a) throw new Error("useAuth outside AuthProvider");
  return a;
}
