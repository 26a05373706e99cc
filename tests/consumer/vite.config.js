// Plain Vite, no plugin: lro-web must build as it is.
export default {
  base: "./",
  build: { outDir: "dist", emptyOutDir: true },
};
