# Training Playground for a classroom server: `docker build -t playground . && docker run -p 8000:8000 playground`
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
# Only what pyproject.toml declares (no test extras). A plain install: the wheel carries frontend/ and shared/
# as package data, so the source tree is not needed at run time.
COPY pyproject.toml setup.py README.md ./
COPY backend ./backend
COPY frontend ./frontend
COPY shared ./shared
RUN pip install --no-cache-dir . \
    && rm -rf /app/backend /app/frontend /app/shared /app/build \
    && groupadd --gid 10001 playground \
    && useradd --create-home --uid 10001 --gid 10001 playground

USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=15s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=2).status != 200)"]
CMD ["playground", "serve", "--host", "0.0.0.0"]
