"""Documents: list, upload (ingested at once), delete (its facts go; facts others state stay)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, UploadFile
from fastapi.concurrency import run_in_threadpool

from innograph.api.deps import get_settings, get_store
from innograph.api.errors import ApiError
from innograph.api.models import Deleted, DocumentList, ErrorResponse, IngestOutcome
from innograph.api.security import require_write_token
from innograph.config import Settings
from innograph.graph.store import Store

router = APIRouter(prefix="/api/documents", tags=["documents"])
MAX_UPLOAD_BYTES = 64 * 1024 * 1024
_SAFE_NAME = re.compile(r"[^\w.\-\u4e00-\u9fff]+")


@router.get("", response_model=DocumentList)
def list_documents(store: Annotated[Store, Depends(get_store)]) -> DocumentList:
    return DocumentList(documents=store.documents())


@router.post("", response_model=IngestOutcome, status_code=201, dependencies=[Depends(require_write_token)],
             responses={401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}, 413: {"model": ErrorResponse},
                        422: {"model": ErrorResponse}})
async def upload_document(file: UploadFile, store: Annotated[Store, Depends(get_store)],
                          settings: Annotated[Settings, Depends(get_settings)]) -> IngestOutcome:
    from innograph.loaders.curation import Curation
    from innograph.loaders.ingest import ingest_file
    from innograph.loaders.readers import SUPPORTED_SUFFIXES, UnreadableDocument

    name = _SAFE_NAME.sub("_", Path(file.filename or "upload.txt").name).strip("._") or "upload.txt"
    if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise ApiError(422, f"unsupported format {Path(name).suffix or '(none)'}; send one of {', '.join(SUPPORTED_SUFFIXES)}",
                       field="file")
    data = await file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ApiError(413, f"file larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB", field="file")
    folder = settings.data_dir / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    curation = Curation.load(settings.curation_file) if settings.curation_file.exists() else None
    try:
        graph = await run_in_threadpool(ingest_file, store, path, curation=curation)
    except UnreadableDocument as exc:
        path.unlink(missing_ok=True)
        raise ApiError(422, f"{name}: {exc.reason}", field="file") from None
    if graph is None:
        from innograph.graph.ids import doc_id

        return IngestOutcome(document=doc_id(path), status="unchanged")
    return IngestOutcome(document=graph.documents[0].id, status="written", nodes=len(graph.nodes),
                         relationships=len(graph.relationships))


@router.delete("/{document_id}", response_model=Deleted, dependencies=[Depends(require_write_token)],
               responses={404: {"model": ErrorResponse}})
def delete_document(document_id: str, store: Annotated[Store, Depends(get_store)]) -> Deleted:
    if not store.delete_document(document_id):
        raise ApiError(404, f"no document with id {document_id!r}", field="document_id")
    return Deleted(document=document_id, deleted=True)
