# The API image. Build: docker build -t factcheck-api .   (see compose.yaml to run it with
# Elasticsearch). Models ship inside Python packages and this repo; nothing is fetched at run time.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1

WORKDIR /app

# torch first and pinned. Point PIP_EXTRA_INDEX_URL at a CPU-only wheel index at build time to
# avoid the CUDA build PyPI serves (several GB); the service itself never uses a GPU.
ARG PIP_EXTRA_INDEX_URL=""
RUN pip install torch==2.13.0

COPY pyproject.toml README.md ./
COPY factcheck ./factcheck
COPY api ./api
COPY indexer ./indexer
COPY seeds ./seeds
RUN pip install . && useradd --system --create-home factcheck

USER factcheck
EXPOSE 8000
ENV ELASTICSEARCH_URL=http://elasticsearch:9200 \
    FACTCHECK_INDEX=factcheck
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
    CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz').status != 200)"
CMD ["python", "-m", "api", "--host", "0.0.0.0", "--port", "8000"]
