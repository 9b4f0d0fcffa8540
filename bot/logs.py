"""Logging set-up: every record passes a filter that masks phone and ID numbers."""

import logging
import re

# Bot tokens in Bot API URLs, 18-digit resident ID numbers (last may be X), mainland mobile
# numbers, landlines.
PII = [
    (re.compile(r"/bot\d+:[A-Za-z0-9_-]+"), "/bot<token>"),
    (re.compile(r"(?<!\d)(\d{6})(\d{8})(\d{3}[\dXx])(?!\d)"), r"\1********\3"),
    (re.compile(r"(?<!\d)(?:\+?86[- ]?)?(1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?!\d)"), r"\1****\3"),
    (re.compile(r"(?<!\d)(0\d{2,3})[- ]?(\d{3,4})(\d{4})(?!\d)"), r"\1-****\3"),
]


def mask_pii(text: str) -> str:
    for pattern, replacement in PII:
        text = pattern.sub(replacement, text)
    return text


class MaskPii(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.msg = record.getMessage()
            record.args = None
        record.msg = mask_pii(str(record.msg))
        return True


def setup_logging(level: int = logging.INFO) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    for handler in logging.getLogger().handlers:
        handler.addFilter(MaskPii())
