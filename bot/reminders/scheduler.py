"""`hotline scheduler`: one process that dispatches due reminders every minute.

APScheduler 3.11 keeps the job in a SQLAlchemy job store; a run missed while the process was
down is coalesced into one on start. Exactly-once comes from the delivery rows, not from the
scheduler, so a second scheduler started by mistake sends nothing twice.
"""

import logging
from datetime import datetime

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.blocking import BlockingScheduler

from bot.reminders.dispatch import dispatch
from bot.settings import get_settings
from bot.tickets.hours import TZ

log = logging.getLogger(__name__)


def dispatch_now() -> None:
    dispatch(datetime.now(TZ))


def run() -> None:
    scheduler = BlockingScheduler(
        jobstores={"default": SQLAlchemyJobStore(url=get_settings().database_url)}, timezone=TZ)
    scheduler.add_job(dispatch_now, "interval", minutes=1, id="reminders-dispatch",
                      replace_existing=True, coalesce=True, max_instances=1,
                      misfire_grace_time=3600, next_run_time=datetime.now(TZ))
    log.info("reminder scheduler started")
    scheduler.start()
