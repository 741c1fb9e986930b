// What JavaScript in one thread of a process started with the sandbox's command line can do: open a TCP
// connection, send a UDP datagram, resolve a name, compile code from a string; and which interfaces it sees.
import dgram from "node:dgram";
import dns from "node:dns";
import net from "node:net";
import { networkInterfaces } from "node:os";

export interface NetworkProbe {
  /** "connected", or the error code it failed with (socket_refused: the guard). */
  tcp: string;
  udp: string;
  dns: string;
  /** "compiled", or the error's name (EvalError: code generation from strings is disallowed). */
  eval: string;
  functionConstructor: string;
  interfaces: string[];
}

const codeOf = (error: unknown) => String((error as { code?: unknown }).code ?? (error as Error).message);

function tryCompile(run: () => unknown): string {
  try {
    run();
    return "compiled";
  } catch (error) {
    return (error as Error).name;
  }
}

export async function probeNetwork(port: number): Promise<NetworkProbe> {
  const tcp = await new Promise<string>((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve("connected");
    });
    socket.once("error", (error) => resolve(codeOf(error)));
  });
  const udp = await new Promise<string>((resolve) => {
    try {
      const socket = dgram.createSocket("udp4");
      socket.send("probe", port, "127.0.0.1", (error) => {
        socket.close();
        resolve(error ? codeOf(error) : "sent");
      });
    } catch (error) {
      resolve(codeOf(error));
    }
  });
  const lookup = await new Promise<string>((resolve) => {
    try {
      dns.lookup("localhost", (error) => resolve(error ? codeOf(error) : "resolved"));
    } catch (error) {
      resolve(codeOf(error));
    }
  });
  return {
    tcp, udp, dns: lookup,
    eval: tryCompile(() => (0, eval)("1")),
    functionConstructor: tryCompile(() => Function("return 1")()),
    interfaces: Object.keys(networkInterfaces()),
  };
}
