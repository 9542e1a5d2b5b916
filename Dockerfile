# newsbot container image: small, non-root, the database on a volume.
#   docker build -t newsbot .
#   docker run -d --name newsbot -e DISCORD_TOKEN=... -v newsbot-data:/data newsbot
# See deploy/README.md for health checks, backups and upgrades.

# --- build stage: resolve and install into a virtualenv (pip, wheels, caches stay here) ---
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
RUN python -m venv /opt/newsbot
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY cogs ./cogs
# Bytecode is compiled here: at run time /opt is read-only for the non-root user.
RUN /opt/newsbot/bin/pip install . \
    && /opt/newsbot/bin/pip uninstall -y pip setuptools

# --- runtime stage: only the interpreter and the virtualenv ---
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PATH=/opt/newsbot/bin:$PATH \
    DATABASE_PATH=/data/newsbot.sqlite3 \
    HEALTH_HOST=127.0.0.1 \
    HEALTH_PORT=0
RUN groupadd --system --gid 10001 newsbot \
    && useradd --system --uid 10001 --gid newsbot --home-dir /data --no-create-home --shell /usr/sbin/nologin newsbot \
    && mkdir -p /data && chown newsbot:newsbot /data
COPY --from=build /opt/newsbot /opt/newsbot
WORKDIR /data
USER newsbot:newsbot
VOLUME ["/data"]
# Only meaningful when HEALTH_PORT is set; with the endpoint off the check always passes.
HEALTHCHECK --interval=60s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request as u; p = int(os.environ.get('HEALTH_PORT') or 0); sys.exit(0 if p == 0 else (u.urlopen(f'http://127.0.0.1:{p}/healthz', timeout=4).status != 200))"]
# SIGTERM (docker stop) shuts the bot down cleanly; give it the 10 s it needs.
STOPSIGNAL SIGTERM
ENTRYPOINT ["newsbot"]
CMD ["run"]
