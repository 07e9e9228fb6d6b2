"""A briefgen reader plugin: newsletters saved as .eml files become articles."""

from email import message_from_string, policy
from email.utils import parsedate_to_datetime

from briefgen.model import Document


class EmlReader:
    suffixes = (".eml",)

    def read(self, text, path):
        msg = message_from_string(text, policy=policy.default)
        body = msg.get_body(preferencelist=("plain",))
        when = parsedate_to_datetime(msg["date"]).date() if msg["date"] else None
        return [
            Document(
                path=path,
                text=body.get_content() if body else "",
                title=str(msg["subject"] or ""),
                source=msg["from"].addresses[0].display_name if msg["from"] else "",
                published=when,
            )
        ]
