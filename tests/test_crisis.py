"""Crisis detection: every phrasing in the separately written list must be caught."""

from pathlib import Path

import pytest
import yaml

from bot.safety.crisis import CRISIS_REPLY, is_crisis

CASES = yaml.safe_load((Path(__file__).parent / "data" / "crisis_phrasings.yml").read_text("utf-8"))


def test_the_list_is_large_enough():
    assert len(CASES["crisis"]) >= 40
    assert {c["lang"] for c in CASES["crisis"]} == {"zh", "en"}


@pytest.mark.parametrize("case", CASES["crisis"], ids=lambda c: c["text"][:30])
def test_crisis_phrasing_is_caught(case):
    assert is_crisis(case["text"])


def test_figures_of_speech_rarely_raise_an_alarm():
    false_alarms = [c["text"] for c in CASES["not_crisis"] if is_crisis(c["text"])]
    # Recall comes first, but an alarm on most ordinary complaints would bury the agents.
    assert len(false_alarms) <= len(CASES["not_crisis"]) // 10, false_alarms


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_crisis_reply_gives_the_numbers_and_no_diagnosis(lang):
    reply = CRISIS_REPLY[lang]
    for number in ("12356", "110", "120"):
        assert number in reply
    for word in ("抑郁", "焦虑症", "depress", "disorder", "medication", "药"):
        assert word not in reply
