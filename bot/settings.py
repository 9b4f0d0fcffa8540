"""All settings in one place, read from the environment (prefix HOTLINE_ or plain names)."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{ROOT / 'var' / 'hotline.db'}", alias="DATABASE_URL"
    )
    rasa_url: str = Field(default="http://127.0.0.1:5005", alias="RASA_URL")
    action_server_url: str = Field(default="http://127.0.0.1:5055", alias="ACTION_SERVER_URL")
    web_host: str = Field(default="127.0.0.1", alias="WEB_HOST")
    web_port: int = Field(default=8080, alias="WEB_PORT")
    # Seconds to wait for Rasa (it runs the action server call inside its own timeout).
    rasa_timeout: float = Field(default=20.0, alias="RASA_TIMEOUT")
    max_message_chars: int = 4000

    # Telegram (the gateway runs only when a token is set).
    telegram_bot_token: str | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    telegram_base_url: str = Field(default="https://api.telegram.org/bot",
                                   alias="TELEGRAM_BASE_URL")
    telegram_webhook_url: str | None = Field(default=None, alias="TELEGRAM_WEBHOOK_URL")
    telegram_webhook_secret: str | None = Field(default=None, alias="TELEGRAM_WEBHOOK_SECRET")
    telegram_webhook_listen: str = Field(default="0.0.0.0", alias="TELEGRAM_WEBHOOK_LISTEN")
    telegram_webhook_port: int = Field(default=8443, alias="TELEGRAM_WEBHOOK_PORT")
    telegram_agents_chat_id: int | None = Field(default=None, alias="TELEGRAM_AGENTS_CHAT_ID")
    # Telegram's limits: about 30 messages/s overall, 1/s per chat, 20/min per group.
    telegram_rate_global: float = Field(default=30.0, alias="TELEGRAM_RATE_GLOBAL")
    telegram_rate_chat_seconds: float = Field(default=1.0, alias="TELEGRAM_RATE_CHAT_SECONDS")
    telegram_rate_group_per_minute: int = Field(default=20, alias="TELEGRAM_RATE_GROUP_PER_MINUTE")


@lru_cache
def get_settings() -> Settings:
    return Settings()
