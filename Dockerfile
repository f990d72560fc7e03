# Production image: the same image runs the web process (gunicorn, static files by WhiteNoise),
# the Celery worker and Celery beat. Secrets come from the environment: see .env.example.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=config.settings.production
WORKDIR /app
# WeasyPrint needs Pango for text layout; SAML sign-on (pysaml2) needs xmlsec1.
RUN apt-get update && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 xmlsec1 \
    && rm -rf /var/lib/apt/lists/*
COPY . .
RUN pip install --no-cache-dir .
# collectstatic needs the settings to load, not the real secrets: throwaway values at build time.
RUN SECRET_KEY=build AUDIT_HMAC_KEY=build RECEIPT_HMAC_KEY=build MATCH_HMAC_KEY=build \
    FIELD_ENCRYPTION_KEYS=$(python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())") \
    ALLOWED_HOSTS=build DATABASE_URL=sqlite:////tmp/build.db \
    python manage.py collectstatic --noinput && rm -f /tmp/build.db
# var/: the filesystem broker when REDIS_URL is unset; /data/media: the media volume starts
# owned by nobody (a new named volume copies it).
RUN mkdir -p /app/var /data/media && chown nobody /app/var /data/media
USER nobody
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
