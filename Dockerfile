# Production image: the same image runs the web process, the Celery worker and Celery beat.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=config.settings.production
WORKDIR /app
# WeasyPrint needs Pango for text layout.
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml ./
COPY . .
RUN pip install --no-cache-dir . gunicorn
RUN SECRET_KEY=build AUDIT_HMAC_KEY=build ALLOWED_HOSTS=* DATABASE_URL=sqlite:////tmp/build.db \
    python manage.py collectstatic --noinput
USER nobody
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
