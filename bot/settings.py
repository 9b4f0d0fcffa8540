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


@lru_cache
def get_settings() -> Settings:
    return Settings()
