"""Phone and ID numbers never reach the logs in clear."""

import logging

from bot.logs import MaskPii, mask_pii


def test_masks_mobile_id_and_landline_numbers():
    text = "手机13812345678，身份证110105199003071234，座机 010-62345678，+86 139 1234 5678"
    masked = mask_pii(text)
    for secret in ("13812345678", "110105199003071234", "62345678", "1391234"):
        assert secret not in masked.replace(" ", "")
    assert "138****5678" in masked and "110105********1234" in masked


def test_leaves_dates_amounts_and_ticket_numbers_alone():
    text = "HL-2026-000123 罚款 2000 元，2026-12-15 截止，增值税 13%"
    assert mask_pii(text) == text


def test_filter_masks_arguments_of_a_record(caplog):
    logger = logging.getLogger("test.pii")
    logger.addFilter(MaskPii())
    with caplog.at_level(logging.INFO, logger="test.pii"):
        logger.info("customer %s wrote from %s", "张三", "18600001111")
    assert "18600001111" not in caplog.text and "186****1111" in caplog.text


def test_bot_tokens_in_bot_api_urls_are_hidden():
    line = 'HTTP Request: POST https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/getUpdates'
    assert "AAHdq" not in mask_pii(line) and "/bot<token>/getUpdates" in mask_pii(line)
