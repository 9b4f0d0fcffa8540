"""The customer's chat page in a real Chromium, driven by Playwright."""

import pytest
from playwright.sync_api import expect


@pytest.fixture
def page(browser, stack):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.goto(stack.urls["web"] + "/")
    yield page
    context.close()


def ask(page, text):
    page.fill("#message", text)
    page.click("#send")


def test_question_gets_answer_with_hotline_badge_and_source(page):
    ask(page, "签三年的劳动合同，试用期最多能约定几个月？")
    answer = page.locator(".msg.bot").last
    expect(answer).to_contain_text("来源：", timeout=30000)
    expect(answer.locator(".badge")).to_have_text("人力资源")
    expect(page.locator(".msg.customer").first).to_have_text("签三年的劳动合同，试用期最多能约定几个月？")


def test_english_question_and_english_ui(page):
    page.select_option("#lang", "en")
    expect(page.locator("#send")).to_have_text("Send")
    ask(page, "How long does an invention patent last?")
    answer = page.locator(".msg.bot").last
    expect(answer).to_contain_text("20 years", timeout=30000)
    expect(answer.locator(".badge")).to_have_text("High-tech certification & IP")


def test_buttons_are_rendered_and_clickable(page):
    ask(page, "你好")
    greeting = page.locator(".msg.bot").last
    expect(greeting.locator(".buttons button")).to_have_count(5, timeout=30000)
    greeting.locator(".buttons button", has_text="人力资源").click()
    expect(page.locator(".msg.customer").last).to_have_text("人力资源")
    expect(page.locator(".msg.bot")).to_have_count(2, timeout=30000)


def test_fits_a_phone_screen(page):
    ask(page, "发票丢了怎么办")
    expect(page.locator(".msg.bot").last).to_be_visible(timeout=30000)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    page.screenshot(path="var/log/test/chat-phone.png")


def test_user_text_is_shown_as_text_not_html(page):
    ask(page, "<img src=x onerror=alert(1)>")
    expect(page.locator(".msg.customer").last).to_have_text("<img src=x onerror=alert(1)>")
    assert page.locator(".msg img").count() == 0
