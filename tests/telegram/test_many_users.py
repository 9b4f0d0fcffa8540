"""Twenty customers writing at once each get their own, correct answer."""

import random

QUESTIONS = [
    ("签三年的劳动合同，试用期最多能约定几个月？", "【人力资源】"),
    ("发明专利的保护期是多少年？", "【高企认定及知识产权】"),
    ("企业所得税汇算清缴最晚什么时候？", "【财税工商】"),
    ("How long does an invention patent last?", "[High-tech certification and IP]"),
    ("商标到期了怎么续展？", "【高企认定及知识产权】"),
]


def test_twenty_users_at_once(gateway, fake_tg):
    chats = random.sample(range(3_000_000_000, 3_100_000_000), 20)
    expected = {}
    for i, chat in enumerate(chats):
        question, tag = QUESTIONS[i % len(QUESTIONS)]
        expected[chat] = tag
        fake_tg.text(chat, question)

    def all_answered():
        return all(any(c.params["text"].startswith(tag) for c in fake_tg.sent(chat))
                   for chat, tag in expected.items())

    fake_tg.wait_for(all_answered, timeout=120)
    for chat in chats:  # nobody got someone else's answer or a duplicate
        assert len(fake_tg.sent(chat)) == 1
