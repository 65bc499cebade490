"""Request-size limits that Django leaves to us.

Django caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but not files: a 50 MB upload is streamed whole
into a temporary file before any form can refuse it. `CappedUploadHandler` stops storing a file once it
passes INGEST_MAX_BYTES and hands the form an empty stand-in that knows the real size, so the form's
own "the file is 50.0 MB; the limit is 5 MB" error shows. The rest of the body is still read and
dropped, so the browser gets that page rather than a reset connection.

A pasted text over DATA_UPLOAD_MAX_MEMORY_SIZE makes Django raise RequestDataTooBig while the CSRF
check reads the body, which would be a bare 400. `IngestTooBigMiddleware` turns that, on the ingest
page only, into an empty POST marked `request.ingest_too_big` for the view to explain.
"""

from io import BytesIO

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import QueryDict
from django.urls import reverse
from django.utils.datastructures import MultiValueDict


class CappedUploadHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: passes chunks on until a file passes the cap, then swallows them."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.over = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.INGEST_MAX_BYTES:
            if not self.over:
                self.over = True
                # Drop what the next handlers stored so far (a temporary file deletes itself on close).
                for handler in self.request.upload_handlers if self.request else ():
                    if handler is not self and getattr(handler, "file", None) is not None:
                        handler.file.close()
            return None
        return raw_data

    def file_complete(self, file_size):
        if not self.over:
            return None
        return InMemoryUploadedFile(
            BytesIO(), self.field_name, self.file_name, self.content_type, self.received, self.charset
        )


class IngestTooBigMiddleware:
    """After AuthenticationMiddleware, before the CSRF check reads the body (in process_view)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path == reverse("admin:events_source_ingest"):
            try:
                request.POST  # noqa: B018 - parse now, while a too-big body can still be caught
            except RequestDataTooBig:
                request._post, request._files = QueryDict(), MultiValueDict()
                request.ingest_too_big = True
                # The token was in the part of the body that could not be read. Nothing is saved from
                # an empty POST: the view only shows the form again with the size error.
                request._dont_enforce_csrf_checks = True
        return self.get_response(request)
