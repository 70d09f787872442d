# The innograph API image; docker-compose.yml wires it to Neo4j.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY innograph ./innograph
COPY graph ./graph
COPY loaders ./loaders
COPY api ./api
COPY cypher ./cypher
COPY viz ./viz
COPY data ./data
RUN pip install --no-cache-dir .
EXPOSE 8000
CMD ["innograph", "serve", "--host", "0.0.0.0", "--port", "8000"]
