"""The chat API the web page (and any other client) uses."""

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from bot.conversation.pipeline import handle_message
from bot.conversation.store import find_conversation, message_view
from bot.db.session import session_scope
from bot.settings import get_settings
from bot.web.errors import ApiError
from bot.web.schemas import ChatIn, ChatOut

router = APIRouter(prefix="/api/chat", tags=["chat"])
CHANNEL = "web"


@router.post("", response_model=ChatOut)
async def post_chat(body: ChatIn):
    text = body.message.strip()
    if not text:
        raise ApiError(422, "The message is empty. Please type your question.")
    limit = get_settings().max_message_chars
    if len(text) > limit:
        raise ApiError(413, f"The message is too long ({len(text)} characters); "
                            f"the limit is {limit}. Please shorten it or split it.")
    result = await run_in_threadpool(handle_message, CHANNEL, body.sender, text, body.lang)
    out = ChatOut(sender=body.sender, replies=result.replies, route=result.route,
                  ticket=result.ticket)
    if not result.delivered:
        return JSONResponse(out.model_dump() | {"error": "The assistant is briefly "
                            "unavailable; your message is saved and will be answered."},
                            status_code=503)
    return out


@router.get("/{sender}/messages")
def get_messages(sender: str, after: int = Query(0, ge=0)):
    with session_scope() as session:
        conversation = find_conversation(session, CHANNEL, sender)
        if conversation is None:
            return {"sender": sender, "messages": []}
        messages = [message_view(m) for m in conversation.messages if m.id > after]
    return {"sender": sender, "messages": messages}


