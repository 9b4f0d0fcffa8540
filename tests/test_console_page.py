"""The agents' console in Chromium: log in, claim, reply; the customer's page shows it."""

from playwright.sync_api import expect

from tests.agents import create_agent


def test_agent_claims_and_replies_and_the_customer_sees_it(browser, stack, database_url):
    agent = create_agent(database_url, "hr", password="correct horse battery")
    base = stack.urls["web"]

    customer = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    customer.goto(base + "/")
    customer.fill("#message", "公司拖欠我两个月工资，我要转人工")
    customer.click("#send")
    last_bot = customer.locator(".msg.bot").last
    expect(last_bot).to_contain_text("人工", timeout=30000)
    if "工单号" not in last_bot.inner_text():  # asked which hotline first
        last_bot.locator(".buttons button", has_text="人力资源").click()
        expect(customer.locator(".msg.bot").last).to_contain_text("工单号", timeout=30000)
    number = customer.locator(".msg.bot").last.inner_text().split("工单号 ")[1].split("（")[0]

    console = browser.new_context().new_page()
    console.goto(base + "/console")
    console.fill("#username", agent["username"])
    console.fill("#password", "wrong password!")
    console.click("#login-form button")
    expect(console.locator("#login-error")).to_contain_text("Wrong", timeout=10000)
    console.fill("#password", agent["password"])
    console.click("#login-form button")
    item = console.locator(f'#queue li[data-ticket="{number}"]')
    expect(item).to_be_visible(timeout=15000)
    item.click()
    console.click("#claim")
    expect(console.locator("#detail")).to_contain_text(agent["username"], timeout=10000)
    console.fill("#reply-text", "您好，我是人力资源专员，请把欠薪的月份告诉我。")
    console.click("#send-reply")

    expect(customer.locator(".msg.agent").last).to_contain_text("人力资源专员", timeout=15000)

    # The customer's answer shows up in the console without a reload.
    customer.fill("#message", "九月和十月的工资")
    customer.click("#send")
    expect(console.locator(".turn.customer").last).to_contain_text("九月和十月", timeout=15000)

    console.fill("#resolution", "已告知劳动仲裁途径")
    console.click("#close")
    expect(customer.locator(".msg.bot").last.locator(".buttons button")).to_have_count(5, timeout=15000)
    console.screenshot(path="var/log/test/console.png")
