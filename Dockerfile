FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN DJANGO_ENV=production SECRET_KEY=build-only ALLOWED_HOSTS=build python manage.py collectstatic --noinput -v0
EXPOSE 8000
CMD ["gunicorn", "sangaku.wsgi", "-b", "0.0.0.0:8000", "-w", "3", "--access-logfile", "-"]
