# The application image: web app, action server, Telegram gateway and scheduler.
FROM python:3.12-slim
WORKDIR /app
ENV PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY requirements/app.lock.txt requirements/app.lock.txt
RUN pip install --no-cache-dir -r requirements/app.lock.txt
COPY pyproject.toml README.md ./
COPY bot bot
COPY actions actions
COPY knowledge knowledge
RUN pip install --no-cache-dir --no-deps . && useradd --system hotline
USER hotline
EXPOSE 8080 5055
CMD ["sh", "-c", "hotline migrate && uvicorn bot.web.main:app --host 0.0.0.0 --port 8080"]
