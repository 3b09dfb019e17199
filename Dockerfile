FROM python:3.12-slim-bookworm
# WeasyPrint needs Pango; libpq is not needed (psycopg binary wheels bundle it).
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
        fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home stride
WORKDIR /app
COPY pyproject.toml ./
COPY config ./config
COPY accounts ./accounts
COPY exercises ./exercises
COPY programs ./programs
RUN pip install --no-cache-dir .
COPY . .
ENV STATIC_MANIFEST=true DJANGO_SETTINGS_MODULE=config.settings
RUN DATABASE_URL=postgres://build@localhost/none SECRET_KEY=build-only \
    AUDIT_MAC_KEYS=build:build-only-never-used-for-a-seal-0000 python manage.py collectstatic --noinput
# Where docker-compose mounts the audit checkpoints' volume: a new volume takes this owner.
RUN mkdir /audit-checkpoints && chown stride:stride /audit-checkpoints
USER stride
EXPOSE 8000
# gunicorn's settings (sync workers behind nginx, --preload, recycling) are in the config file.
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py load_catalogue && exec gunicorn -c config/deploy/gunicorn.conf.py config.wsgi"]
