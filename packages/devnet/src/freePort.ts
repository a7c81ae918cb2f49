import { createServer } from "node:net";

/**
 * A TCP port on `host` that was free a moment ago (the kernel's pick for port 0). Another process may
 * take it before you do; `startChain` fails clearly if that happens.
 */
export async function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolvePort(address.port) : reject(new Error("the kernel gave no port"))));
    });
  });
}
