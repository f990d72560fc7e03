"""Office documents are zip packages: accepted only when the package is what it says it is
(issue 14 item 7).

A Word, Excel or PowerPoint file (OOXML) must carry ``[Content_Types].xml`` naming its main
part, keep every member inside the folders such a package has, and hold no executable, macro
(``vbaProject.bin``, the macro-enabled content types), ActiveX or embedded object, and no
nested archive. An OpenDocument text must start with its ``mimetype`` member and hold no
macros (``Basic/``, ``Scripts/``) or embedded objects. Every package is bounded: member count
and total uncompressed size (a zip bomb is refused before anything is decompressed), no
encrypted members, no absolute paths or ``..``, no member twice. Only the first bytes of each
member and the small manifest are ever read.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

from .filetypes import ACCEPTED, DOCX, ODT, PPTX, XLSX, ContentRefused, FileType

MAX_MEMBERS = 2000
MAX_UNCOMPRESSED = 200 * 1024 * 1024  # all members together, as the zip declares them
MAX_RATIO = 1000  # uncompressed : compressed, per member over 1 MB (XML reaches ~100)
MAX_MANIFEST = 1024 * 1024

_MAIN_PARTS = {
    "word/": (DOCX, b"wordprocessingml.document.main+xml"),
    "xl/": (XLSX, b"spreadsheetml.sheet.main+xml"),
    "ppt/": (PPTX, b"presentationml.presentation.main+xml"),
}
_OOXML_FOLDERS = {"_rels", "docProps", "customXml", "_xmlsignatures", "word", "xl", "ppt"}
_OOXML_ROOT_FILES = {"[Content_Types].xml"}
#: Member kinds an ordinary document holds: its XML parts, pictures, fonts.
_SAFE_EXTENSIONS = {
    "xml", "rels", "vml", "png", "jpg", "jpeg", "jfif", "gif", "bmp", "tif", "tiff", "emf",
    "wmf", "wdp", "svg", "odttf", "fntdata", "sigs", "psdsxs", "txt", "rdf",
}
#: In a package's content types: macros, ActiveX and embedded objects, all refused.
_ACTIVE_CONTENT = (b"macroenabled", b"vbaproject", b"activex", b"oleobject", b"vbadata",
                   b"ms-office.vba")
_ODT_FOLDERS = {"META-INF", "Pictures", "Thumbnails", "Configurations2"}
_ODT_ROOT_FILES = {"mimetype", "content.xml", "styles.xml", "meta.xml", "settings.xml",
                   "manifest.rdf", "layout-cache"}
#: The first bytes of what must never ride inside a document.
_DANGEROUS_MAGIC = (b"PK\x03\x04", b"MZ", b"\x7fELF", b"\xd0\xcf\x11\xe0", b"\xca\xfe\xba\xbe",
                    b"\xcf\xfa\xed\xfe", b"#!", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")


def _refuse(detail: str) -> ContentRefused:
    return ContentRefused(f"{detail[:1].upper()}{detail[1:]} Save it as PDF and send that "
                          "instead.")


def office_type(data: bytes) -> FileType:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            _check_bounds(infos)
            names = [info.filename for info in infos]
            if "[Content_Types].xml" in names:
                return _ooxml(archive, infos)
            if names and names[0] == "mimetype":
                return _odt(archive, infos)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
            NotImplementedError, RuntimeError) as exc:
        if isinstance(exc, ContentRefused):
            raise
        raise _refuse("the file is damaged or not a real document.") from None
    raise ContentRefused(f"It is a zip archive. Use {ACCEPTED}.")


def _check_bounds(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_MEMBERS:
        raise _refuse("it holds too many parts.")
    total = 0
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        if _unsafe_path(name):
            raise _refuse("it holds a part with an unsafe path.")
        if name in seen:
            raise _refuse("it holds the same part twice.")
        seen.add(name)
        if info.flag_bits & 0x1:
            raise _refuse("it is encrypted or password-protected.")
        total += info.file_size
        if total > MAX_UNCOMPRESSED or (
                info.file_size > 1024 * 1024
                and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
            raise _refuse("it expands to far more than its size (a 'zip bomb').")


def _unsafe_path(name: str) -> bool:
    if not name or "\\" in name or "\x00" in name or name.startswith("/"):
        return True
    if len(name) > 1 and name[1] == ":":  # a drive letter
        return True
    parts = name.rstrip("/").split("/")
    return any(part in ("", ".", "..") for part in parts) or posixpath.isabs(name)


def _member_checks(archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, allow_bin: bool) -> None:
    """Each member: a kind of part a document holds, and not an executable or archive."""
    if info.is_dir():
        return
    base = posixpath.basename(info.filename)
    extension = base.rsplit(".", 1)[1].lower() if "." in base else ""  # "_rels/.rels" too
    if extension == "bin" and allow_bin:
        pass  # printer settings, checked by content below
    elif extension not in _SAFE_EXTENSIONS and "/" in info.filename.rstrip("/"):
        shown = f".{extension}" if extension else "without a type"
        raise _refuse(f"it carries a file of a kind documents do not hold ({shown}).")
    with archive.open(info) as member:
        start = member.read(8)
    if any(start.startswith(magic) for magic in _DANGEROUS_MAGIC):
        raise _refuse("it carries a program, a macro or another archive inside it.")


def _ooxml(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> FileType:
    manifest_info = archive.getinfo("[Content_Types].xml")
    if manifest_info.file_size > MAX_MANIFEST:
        raise _refuse("its list of contents is too large.")
    manifest = archive.read(manifest_info).lower()
    if any(marker in manifest for marker in _ACTIVE_CONTENT):
        raise _refuse("it contains macros, ActiveX controls or embedded objects.")
    kinds = set()
    for info in infos:
        name = info.filename
        top = name.split("/", 1)[0]
        if "/" not in name.rstrip("/"):
            if name not in _OOXML_ROOT_FILES and not info.is_dir():
                raise _refuse("it holds a part outside the folders a document has.")
        elif top not in _OOXML_FOLDERS:
            raise _refuse("it holds a part outside the folders a document has.")
        lowered = name.lower()
        if "vbaproject" in lowered or "/activex/" in lowered or "/embeddings/" in lowered:
            raise _refuse("it contains macros, ActiveX controls or embedded objects.")
        kinds.update(kind for folder, kind in _MAIN_PARTS.items() if name.startswith(folder))
        _member_checks(archive, info,
                       allow_bin=posixpath.dirname(name).endswith("printerSettings"))
    found = [kind for kind, main in kinds if main in manifest]
    if len(found) != 1:
        raise _refuse("it is not a Word, Excel or PowerPoint document.")
    return found[0]


def _odt(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> FileType:
    if archive.read("mimetype")[:100] != ODT.mime.encode():
        raise ContentRefused(f"This kind of OpenDocument file is not on the list. Use {ACCEPTED}.")
    for info in infos:
        name = info.filename
        top = name.split("/", 1)[0]
        if "/" not in name.rstrip("/"):
            if name not in _ODT_ROOT_FILES:
                raise _refuse("it holds a part outside the folders a document has.")
        elif top in ("Basic", "Scripts") or top.startswith("Object"):
            raise _refuse("it contains macros or embedded objects.")
        elif top not in _ODT_FOLDERS:
            raise _refuse("it holds a part outside the folders a document has.")
        if name != "mimetype":
            _member_checks(archive, info, allow_bin=False)
    return ODT
