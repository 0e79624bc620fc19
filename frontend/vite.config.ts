import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The production build goes to dist/, which the Go binary embeds.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
    manifest: true,
  },
  server: { proxy: { "/api": "http://127.0.0.1:8080" } },
});
