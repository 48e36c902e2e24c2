from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    """The file types accepted as uploads (RELIABILITY.md FILE-1), detected by content."""

    PDF = "pdf", _("PDF document")
    DOCX = "docx", _("Word document (DOCX)")
    XLSX = "xlsx", _("Spreadsheet (XLSX)")
    ODT = "odt", _("OpenDocument text (ODT)")
    PNG = "png", _("PNG image")
    JPEG = "jpeg", _("JPEG image")


# The only content types a download can carry (never text/html, image/svg+xml…).
CONTENT_TYPES = {
    DocumentKind.PDF: "application/pdf",
    DocumentKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    DocumentKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    DocumentKind.ODT: "application/vnd.oasis.opendocument.text",
    DocumentKind.PNG: "image/png",
    DocumentKind.JPEG: "image/jpeg",
}

# File-name extensions that must agree with the detected kind.
EXTENSIONS = {
    ".pdf": DocumentKind.PDF,
    ".docx": DocumentKind.DOCX,
    ".xlsx": DocumentKind.XLSX,
    ".odt": DocumentKind.ODT,
    ".png": DocumentKind.PNG,
    ".jpg": DocumentKind.JPEG,
    ".jpeg": DocumentKind.JPEG,
}
