"""A real SMTP server for vigie's tests (aiosmtpd, Debian's python3-aiosmtpd).

It listens on 127.0.0.1 on a free port, prints the port on its first line of output,
and writes each accepted message to MAILDIR/new/ (through MAILDIR/tmp/, so a file is
whole when it appears), with an `X-Test-Envelope-To:` line and `X-Test-TLS:` line
(whether the session was encrypted) before the message. It stops when its standard input
closes, so it never outlives the test that started it.

Behaviours a test asks for:
  --tls CERT KEY        offer STARTTLS and require it before MAIL
  --auth USER:PASSWORD  require AUTH (PLAIN/LOGIN), over TLS
  --refuse TEXT         550 at RCPT for recipients containing TEXT (repeatable)
  --tempfail TEXT:N     451 at RCPT the first N times for recipients containing TEXT
  --slow SECONDS        wait this long before accepting each message
"""

import argparse
import asyncio
import logging
import os
import socket
import ssl
import sys
import time
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Handler:
    def __init__(self, args):
        self.args = args
        self.tempfails = {}
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        for text in self.args.refuse:
            if text in address:
                return "550 5.1.1 <%s>: mailbox unavailable" % address
        for spec in self.args.tempfail:
            text, n = spec.rsplit(":", 1)
            if text in address:
                seen = self.tempfails.get(address, 0)
                if seen < int(n):
                    self.tempfails[address] = seen + 1
                    return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.args.slow:
            await asyncio.sleep(self.args.slow)
        self.count += 1
        name = "%d-%d.eml" % (time.time_ns(), self.count)
        tmp = os.path.join(self.args.maildir, "tmp", name)
        tls = "yes" if session.ssl is not None else "no"
        with open(tmp, "wb") as f:
            for rcpt in envelope.rcpt_tos:
                f.write(b"X-Test-Envelope-To: " + rcpt.encode() + b"\r\n")
            f.write(b"X-Test-TLS: " + tls.encode() + b"\r\n")
            f.write(envelope.original_content)
        os.rename(tmp, os.path.join(self.args.maildir, "new", name))
        return "250 2.0.0 queued as %d" % self.count


def main():
    # A refused handshake is what some tests want: not worth a traceback.
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    p = argparse.ArgumentParser()
    p.add_argument("--maildir", required=True)
    p.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    p.add_argument("--auth")
    p.add_argument("--refuse", action="append", default=[])
    p.add_argument("--tempfail", action="append", default=[])
    p.add_argument("--slow", type=float, default=0.0)
    args = p.parse_args()
    for sub in ("tmp", "new"):
        os.makedirs(os.path.join(args.maildir, sub), exist_ok=True)

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    kwargs = {}
    if args.tls:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(args.tls[0], args.tls[1])
        kwargs.update(tls_context=ctx, require_starttls=True)
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login == user.encode() and auth_data.password == password.encode()
            # handled=False: the server answers 535 itself on failure.
            return AuthResult(success=ok, handled=False)

        kwargs.update(
            authenticator=authenticator, auth_required=True, auth_require_tls=bool(args.tls)
        )
    controller = Controller(
        Handler(args), hostname="127.0.0.1", port=port, server_hostname="localhost", **kwargs
    )
    controller.start()
    print(port, flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()
