"""What python-docx searches the whole document for on every picture and styled paragraph,
found once per Word document and then kept up to date. Searched per picture, a pack of N
sparklines took time in N squared; each lookup here gives what python-docx's search would."""

from __future__ import annotations

from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml.shape import CT_Inline
from docx.parts.image import ImagePart


class Lookups:
    """What python-docx would search the whole document for on every picture and styled
    paragraph, found once per document and then kept up to date: the next picture id (it
    reads every id in the body), the stored images by hash (it hashes each stored image
    again), the next free image name and relationship id (it tries each from 1), and the
    styles' ids by name (it searches the styles part). Searched per picture, a pack of N
    sparklines took time in N squared. Each gives what python-docx's search would."""

    def __init__(self, part: Any) -> None:
        self.part = part
        self.images = part.package.image_parts
        self.stored: dict[str, Any] = {}  # the first image part of each hash, as it searches
        for image_part in self.images:
            self.stored.setdefault(image_part.sha1, image_part)
        self.image_numbers = {image_part.partname.idx for image_part in self.images}
        self.related: dict[Any, str] = {}  # image part -> rId of the first relationship to it
        for rel in part.rels.values():
            if rel.reltype == RT.IMAGE and not rel.is_external:
                self.related.setdefault(rel.target_part, rel.rId)
        ids = [int(value) for value in part.element.xpath("//@id") if value.isdigit()]
        self.next_id = max(ids, default=0) + 1  # ids only grow: pictures are only added
        self.next_image = self.next_rid = 1
        self.style_ids: dict[str, str | None] = {}

    def picture(
        self, run: Any, data: bytes, width: int | None = None, height: int | None = None
    ) -> Any:
        """Add the picture to the run, storing its image once; return its w:inline."""
        image = Image.from_blob(data)
        image_part = self.stored.get(image.sha1)
        if image_part is None:
            image_part = ImagePart.from_image(image, self._image_name(image.ext))
            self.images.append(image_part)
            self.stored[image.sha1] = image_part
        rid = self.related.get(image_part) or self._relate(image_part)
        stored = image_part.image
        cx, cy = stored.scaled_dimensions(width, height)
        inline = CT_Inline.new_pic_inline(self.next_id, rid, stored.filename, cx, cy)
        self.next_id += 1
        run._r.add_drawing(inline)
        return inline

    def style_id(self, document: Any, name: str) -> str | None:
        """Return the paragraph style's id (None for the default style), as setting a
        paragraph's style by name would."""
        if name not in self.style_ids:
            self.style_ids[name] = document.styles.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH)
        return self.style_ids[name]

    def _image_name(self, ext: str) -> PackURI:
        while self.next_image in self.image_numbers:  # the lowest free one, as it takes
            self.next_image += 1
        self.image_numbers.add(self.next_image)
        return PackURI(f"/word/media/image{self.next_image}.{ext}")

    def _relate(self, image_part: Any) -> str:
        rels = self.part.rels
        while f"rId{self.next_rid}" in rels:  # the lowest free one: rIds are only added
            self.next_rid += 1
        rid = f"rId{self.next_rid}"
        rels.add_relationship(RT.IMAGE, image_part, rid)
        self.related[image_part] = rid
        return rid


def lookups(part: Any) -> Lookups:
    """Return the document part's lookups, made on first use. They are kept on the part
    itself, so they go with its document (lookups hold their part: a weak mapping from
    part to lookups would keep every document a process ever wrote)."""
    found: Lookups | None = getattr(part, "_reportgen_lookups", None)
    if found is None:
        found = part._reportgen_lookups = Lookups(part)
    return found
