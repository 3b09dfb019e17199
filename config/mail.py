"""The console e-mail backend for development, printing the text a person would read.

Django's console backend prints the message as it travels: its body quoted-printable, so
an invitation link longer than a line is cut by `=` soft line breaks and the link copied
from the `make run` console is broken. This one prints the headers, then the body decoded.
"""

from django.core.mail.backends.console import EmailBackend

# Describes the encoded body, which is not what is printed.
UNPRINTED_HEADERS = {"content-transfer-encoding"}


class DecodedConsoleBackend(EmailBackend):
    def write_message(self, message):
        msg = message.message()
        for name, value in msg.items():
            if name.lower() not in UNPRINTED_HEADERS:
                self.stream.write(f"{name}: {value}\n")
        body = msg.get_body(preferencelist=("plain", "html"))
        self.stream.write("\n" + (body.get_content() if body else "") + "\n")
        self.stream.write("-" * 79 + "\n")
