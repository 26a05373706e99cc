// Plain Vite, no plugin: lro-web must build as it is. Two pages: the
// scenarios (index.html) and the React page of lro-web/query (query.html).
const page = (file) => new URL(file, import.meta.url).pathname;

export default {
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    rollupOptions: {
      input: { main: page("index.html"), query: page("query.html") },
      // TanStack's React modules say "use client" for server components,
      // which a page's bundle has no use for.
      onwarn: (warning, warn) => warning.code === "MODULE_LEVEL_DIRECTIVE" || warn(warning),
    },
  },
};
