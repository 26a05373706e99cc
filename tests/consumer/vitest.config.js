// vitest for the app's code (test/): each test file runs in node and in
// happy-dom, as an app's tests of browser code do.
import { defineConfig } from "vitest/config";

const project = (environment) => ({ test: { name: environment, environment, include: ["test/**/*.test.ts"] } });

export default defineConfig({
  test: { projects: [project("node"), project("happy-dom")] },
});
