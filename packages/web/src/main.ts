/** The page's entry: mounts the verifier in #app. */
import { createApp } from "./ui/app.js";

const root = document.getElementById("app");
if (!root) throw new Error("the page has no #app element");
createApp({
  root,
  // Written out here so the bundler finds the worker and builds it as its own module.
  createWorker: () => new Worker(new URL("./worker/hash.worker.ts", import.meta.url), { type: "module", name: "dpr-hash" }),
});
