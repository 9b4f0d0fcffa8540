// Runs the third-party telegram-test-api emulator, with corrections for where it differs
// from Telegram (seen with python-telegram-bot 22, see ../../../../shared/notes):
// getMe lacks is_bot, dates are in milliseconds, some methods are unknown to it,
// callback queries lack chat_instance, and getUpdates does not long-poll. The gateway itself keeps speaking the real protocol.
const express = require("express");
const http = require("http");
const TelegramServer = require("telegram-test-api");

const port = Number(process.env.PORT || 9556);
const emulator = new TelegramServer({ port, host: "127.0.0.1", storeTimeout: 600 });
const app = express();
app.use(express.json());
app.use(express.urlencoded({ extended: true }));

// Telegram counts dates in seconds; the emulator in milliseconds.
function toSeconds(value) {
  if (Array.isArray(value)) return value.map(toSeconds);
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      value[k] = (k === "date" || k === "edit_date") && typeof v === "number" && v > 1e11
        ? Math.floor(v / 1000) : toSeconds(v);
    }
  }
  return value;
}
app.use((req, res, next) => {
  const json = res.json.bind(res);
  res.json = (body) => json(req.path.startsWith("/bot") ? toSeconds(body) : body);
  next();
});

app.all("/bot:token/getMe", (req, res) => res.json({ ok: true, result: {
  id: 666, is_bot: true, first_name: "Test First name", username: "TestNameBot" } }));
for (const method of ["setMyCommands", "deleteMyCommands", "sendChatAction"]) {
  app.all(`/bot:token/${method}`, (req, res) => res.json({ ok: true, result: true }));
}
// Long polling, as Telegram does, instead of answering at once.
app.all("/bot:token/getUpdates", async (req, res) => {
  const params = { ...req.query, ...req.body };
  const deadline = Date.now() + 1000 * Math.min(Number(params.timeout || 0), 30);
  for (;;) {
    const updates = emulator.getUpdates(req.params.token);
    for (const u of updates) {
      if (u.callback_query && !u.callback_query.chat_instance) u.callback_query.chat_instance = "emulator";
    }
    if (updates.length || Date.now() >= deadline) return res.json({ ok: true, result: updates });
    await new Promise((r) => setTimeout(r, 100));
  }
});
app.use(emulator.webServer);

http.createServer(app).listen(port, "127.0.0.1", () => {
  emulator.started = true;
  console.log(`telegram-test-api emulator on http://127.0.0.1:${port}`);
});
