"""The fonts embedded in PDF reports, and the only resources WeasyPrint may load.

WeasyPrint fetches what a document points to (images, style sheets, fonts) through its URL
fetcher. Ours serves the font files listed here, read from Debian's packages fonts-noto-core and
fonts-hosny-amiri, and refuses every other address: no network, no other local file
(RELIABILITY.md REP-1).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from weasyprint.urls import URLFetcher, URLFetcherResponse

NOTO = Path("/usr/share/fonts/truetype/noto")
AMIRI = Path("/usr/share/fonts/opentype/fonts-hosny-amiri")


@dataclass(frozen=True)
class FontFace:
    family: str
    path: Path
    weight: str = "normal"
    style: str = "normal"

    @property
    def url(self) -> str:
        return self.path.as_uri()


FONT_FACES = (
    FontFace("Tatabbu Naskh", NOTO / "NotoNaskhArabic-Regular.ttf"),
    FontFace("Tatabbu Naskh", NOTO / "NotoNaskhArabic-Bold.ttf", weight="bold"),
    FontFace("Tatabbu Amiri", AMIRI / "Amiri-Regular.ttf"),
    FontFace("Tatabbu Amiri", AMIRI / "Amiri-Bold.ttf", weight="bold"),
    FontFace("Tatabbu Sans", NOTO / "NotoSans-Regular.ttf"),
    FontFace("Tatabbu Sans", NOTO / "NotoSans-Bold.ttf", weight="bold"),
    FontFace("Tatabbu Sans", NOTO / "NotoSans-Italic.ttf", style="italic"),
)
# Latin text first in Noto Sans; Arabic falls through to Noto Naskh Arabic, then Amiri.
FONT_STACK = '"Tatabbu Sans", "Tatabbu Naskh", "Tatabbu Amiri", serif'
ARABIC_FONT_STACK = '"Tatabbu Naskh", "Tatabbu Amiri", "Tatabbu Sans", serif'


def available_faces() -> list[FontFace]:
    return [face for face in FONT_FACES if face.path.is_file()]


def font_face_css() -> str:
    rules = [
        f'@font-face {{ font-family: "{face.family}"; src: url("{face.url}"); '
        f"font-weight: {face.weight}; font-style: {face.style}; }}"
        for face in available_faces()
    ]
    return "\n".join(rules)


class RefusedResource(ValueError):
    """A report asked for a resource that is not one of the embedded fonts."""


class FontOnlyFetcher(URLFetcher):
    """WeasyPrint's URL fetcher for reports: the font files above, nothing else. Refused
    addresses are kept in ``refused`` (tests and logs)."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False, timeout=1)
        self.allowed = {face.url: face.path for face in available_faces()}
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        path = self.allowed.get(url)
        if path is None:
            self.refused.append(url[:200])
            raise RefusedResource("Only the report fonts may be loaded.")
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": "font/ttf"}, status=200
        )

    def open(self, url: Any, data: Any = None, timeout: Any = None) -> Any:
        raise RefusedResource("Only the report fonts may be loaded.")
