// A minimal SMTP server for the browser walk: it takes every message the app
// sends (no TLS, no authentication, on loopback) and keeps it, so the walk can
// see that notifications are e-mailed. Node's net module only: no dependency.
import net from "node:net";

export function smtpSink() {
  const messages = [];
  const server = net.createServer((sock) => {
    sock.setEncoding("utf8");
    let buf = "";
    let data = null; // the message being received, or null between messages
    sock.write("220 localhost ESMTP test sink\r\n");
    sock.on("data", (chunk) => {
      buf += chunk;
      for (let i = buf.indexOf("\r\n"); i >= 0; i = buf.indexOf("\r\n")) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (data !== null) {
          if (line === ".") {
            messages.push(data);
            data = null;
            sock.write("250 2.0.0 queued\r\n");
          } else {
            data += (line.startsWith("..") ? line.slice(1) : line) + "\n";
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO") sock.write("250-localhost\r\n250 8BITMIME\r\n");
        else if (verb === "DATA") { data = ""; sock.write("354 end with .\r\n"); }
        else if (verb === "QUIT") { sock.write("221 bye\r\n"); sock.end(); }
        else sock.write("250 OK\r\n"); // HELO, MAIL, RCPT, RSET, NOOP
      }
    });
    sock.on("error", () => {});
  });
  return new Promise((res) => server.listen(0, "127.0.0.1", () => res({ port: server.address().port, messages, close: () => server.close() })));
}
