"""Read photos and scans of an agreement with Tesseract, and say how sure the reading is.

Optional: without the `tesseract` program (Debian: tesseract-ocr and tesseract-ocr-eng) and the pytesseract
binding, `available()` is False and photos and scans get a plain message saying how to enable reading them.

Each page is turned the right way up before it is read: first as the photo's own EXIF data says, then by
Tesseract's orientation check (quarter turns), then straightened by the small angle at which its lines of text
are most level. Tesseract then reads it, word by word, with a confidence for each word; a page's confidence is
the mean over its words, weighted by their length.
"""

from __future__ import annotations

import io
import math
import re
import shutil
from dataclasses import dataclass
from functools import cache

from ..errors import BlankPhoto, DocumentTooComplex, PageTooSlow, UnsupportedFileType
from .clauses import Line

READ_WORD = 30.0  # a word read with less confidence than this is not counted as having read its ink
SURE_WORD = 60.0  # a word read with less confidence than this does not show a page has words on it
LOW_CONFIDENCE = 75.0  # below this mean word confidence, the person is asked to check the words read
MAX_SIDE = 4000  # longer photos are scaled down first: more pixels only cost time
MIN_SIDE = 1600  # shorter ones are scaled up: Tesseract reads small print badly
MAX_PIXELS = 60_000_000
PAGE_SHARE = (0.2, 0.95)  # a sheet found in a photo fills at least a fifth of it, and leaves something around it
PAGE_CONTRAST = (
    40  # grey levels between the paper and the surface it lies on  # a bigger image is refused as a decompression bomb
)

NOT_INSTALLED = (
    "This looks like a photo or a scan of the agreement. Reading photos needs the free Tesseract "
    "program, which is not set up on this server yet (whoever runs it can install it: on Debian or "
    "Ubuntu, apt install tesseract-ocr tesseract-ocr-eng). Until then, please paste the words of the "
    "agreement into the box, or ask the social worker for it as a Word file or an ordinary PDF."
)


@dataclass(frozen=True)
class PageRead:
    """One page as Tesseract read it: its lines, and how sure it was (0-100)."""

    lines: tuple[str, ...]
    confidence: float
    sure_words: int = 0  # words of three letters or more that Tesseract was fairly sure of
    unread: int = 0  # patches shaped like writing in which nothing was read (see unread_marks)


def doubtful(confidence: float) -> bool:
    """Whether Tesseract was unsure enough of a page's words (its mean confidence, 0-100) to say so."""
    return confidence < LOW_CONFIDENCE


def needs_checking(confidence: float, unread: int) -> bool:
    """The one rule for "please check this page": words read with doubt, or writing that could not be read."""
    return doubtful(confidence) or unread > 0


@cache
def available() -> bool:
    """Whether photos can be read here: pytesseract imports and the tesseract program answers."""
    try:
        import pytesseract
    except ImportError:
        return False
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        return False
    try:
        pytesseract.get_tesseract_version()
    except Exception:
        return False
    return True


def open_image(data: bytes):
    """A photo as a greyscale PIL image, turned as its EXIF data says. HEIC needs pillow-heif."""
    from PIL import Image, ImageOps

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        import pillow_heif

        pillow_heif.register_heif_opener()
    except ImportError:
        pass
    try:
        image: Image.Image = Image.open(io.BytesIO(data))
        image.load()
    except Image.DecompressionBombError:
        raise DocumentTooComplex() from None
    except Exception:
        raise UnsupportedFileType(
            "We couldn't open this picture. Please try taking the photo again, or save it "
            "as a JPEG or PNG, or paste the words of the agreement instead."
        ) from None
    image = ImageOps.exif_transpose(image).convert("L")
    if max(image.size) > MAX_SIDE:  # now, not when its page is read: twenty 12-megapixel photos wait in memory
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    return image


def prepare(image, seconds: float):
    """Cut the page out of a photo of it lying on something darker (and square it up), scale to a readable size,
    clean speckle, turn upright by quarter turns, then straighten a small skew."""
    from PIL import Image, ImageFilter

    image = flatten(image)
    longest = max(image.size)
    if longest > MAX_SIDE or longest < MIN_SIDE:
        scale = (MAX_SIDE if longest > MAX_SIDE else MIN_SIDE) / longest
        image = image.resize(
            (max(1, round(image.width * scale)), max(1, round(image.height * scale))), Image.Resampling.LANCZOS
        )
    image = even_light(image)
    image = image.filter(ImageFilter.MedianFilter(3))  # speckle from the camera's sensor or a photocopier
    image = _quarter_turn(image, seconds)
    angle = skew_angle(image)
    if abs(angle) >= 0.2:
        image = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    return image


def even_light(image):
    """Divide out uneven light (the shadow of a hand or a phone, a lamp to one side), so the paper is white all over.

    Tesseract splits ink from paper with one threshold for the page, so a shadowed corner went black and its words
    were lost while the rest was read with high confidence. The paper's own brightness is found on a small copy
    (the lightest pixel near each point, which passes over the letters, then smoothed) and divided out."""
    import numpy as np
    from PIL import Image, ImageFilter

    small = image.resize((max(1, image.width // 8), max(1, image.height // 8)), Image.Resampling.BILINEAR)
    paper = (
        small.filter(ImageFilter.MaxFilter(7))
        .filter(ImageFilter.GaussianBlur(4))
        .resize(image.size, Image.Resampling.BILINEAR)
    )
    evened = np.asarray(image, dtype=np.float32) * 255 / np.maximum(np.asarray(paper, dtype=np.float32), 1)
    return Image.fromarray(evened.clip(0, 255).astype(np.uint8))


def find_page(image) -> list[tuple[float, float]] | None:
    """The corners of a sheet of paper photographed on a darker surface (top left, top right, bottom right, bottom
    left, in the image's pixels), or None when there is no such sheet to cut out.

    Only a whole sheet with background on all four sides is taken: a scan is all page, a page cut off by the frame
    has no corners to find, and a dark band across a letterhead must not be taken for the edge of the paper."""
    import numpy as np
    from scipy import ndimage

    small = image.copy()
    small.thumbnail((600, 600))
    grey = np.asarray(small, dtype=np.uint8)
    paper = grey > _otsu(grey)
    paper = ndimage.binary_fill_holes(ndimage.binary_closing(paper, iterations=3))  # the words are not holes in it
    labels, count = ndimage.label(paper)
    if not count:
        return None
    sizes = ndimage.sum(paper, labels, range(1, count + 1))
    biggest = int(np.argmax(sizes)) + 1
    if not PAGE_SHARE[0] <= sizes[biggest - 1] / paper.size <= PAGE_SHARE[1]:
        return None
    sheet = labels == biggest
    ys, xs = np.nonzero(sheet)
    margin = max(2, round(min(grey.shape) * 0.01))
    height, width = grey.shape
    if xs.min() < margin or ys.min() < margin or xs.max() >= width - margin or ys.max() >= height - margin:
        return None
    if grey[sheet].mean() - grey[~sheet].mean() < PAGE_CONTRAST:
        return None
    total, difference = xs + ys, xs - ys
    corners = (total.argmin(), difference.argmax(), total.argmax(), difference.argmin())
    scale = image.width / small.width
    return [(float(xs[i]) * scale, float(ys[i]) * scale) for i in corners]


def flatten(image):
    """The sheet of paper in a photo, cut out and squared up (a page photographed at a slant has lines that run
    apart, which Tesseract reads worse, and the table around it is noise); the photo itself when there is none."""
    from PIL import Image

    corners = find_page(image)
    if corners is None:
        return image
    top_left, top_right, bottom_right, bottom_left = corners
    width = round(max(math.dist(top_left, top_right), math.dist(bottom_left, bottom_right)))
    height = round(max(math.dist(top_left, bottom_left), math.dist(top_right, bottom_right)))
    quad = (*top_left, *bottom_left, *bottom_right, *top_right)  # the order Pillow's QUAD takes
    return image.transform((width, height), Image.Transform.QUAD, quad, Image.Resampling.BICUBIC)


def _otsu(grey) -> int:
    """The grey level that best splits a picture into dark and light (Otsu's method)."""
    import numpy as np

    counts = np.bincount(grey.ravel(), minlength=256).astype(np.float64)
    share = counts / counts.sum()
    below = np.cumsum(share)
    mean_below = np.cumsum(share * np.arange(256))
    spread = (mean_below[-1] * below - mean_below) ** 2 / (below * (1 - below) + 1e-12)
    return int(np.argmax(spread))


def _quarter_turn(image, seconds: float):
    """Tesseract's orientation check; a page with too little text to tell is left as it is."""
    import pytesseract

    try:
        found = pytesseract.image_to_osd(image, config="--psm 0", output_type=pytesseract.Output.DICT, timeout=seconds)
    except pytesseract.TesseractError:  # too few characters to decide (a RuntimeError too: caught first)
        return image
    except RuntimeError:  # pytesseract's timeout
        raise PageTooSlow.after(seconds) from None
    except Exception:
        return image
    turn = int(found.get("rotate", 0)) % 360
    if turn and float(found.get("orientation_conf", 0)) >= 1.0:
        return image.rotate(-turn, expand=True, fillcolor=255)
    return image


def skew_angle(image, limit: float = 8.0) -> float:
    """The small rotation (degrees, anticlockwise) that makes the lines of text most level.

    Text rows make dark and light bands; when the page is straight, the row sums of ink vary most. Searched on a
    small copy, coarsely then finely.
    """
    import numpy as np
    from PIL import Image

    small = image.copy()
    small.thumbnail((900, 900))
    ink = (np.asarray(small, dtype=np.float32) < 128).astype(np.float32)
    if ink.mean() < 0.002:
        return 0.0
    picture = Image.fromarray((ink * 255).astype(np.uint8))

    def score(angle: float) -> float:
        rows = np.asarray(
            picture.rotate(angle, resample=Image.Resampling.BILINEAR, expand=False), dtype=np.float32
        ).sum(axis=1)
        return float(np.var(rows))

    best = max(np.arange(-limit, limit + 0.01, 1.0), key=score)
    best = max(np.arange(best - 1.0, best + 1.01, 0.2), key=score)
    return float(round(best, 1))


def read_page(image, seconds: float) -> PageRead:
    """Tesseract's reading of one prepared page, line by line, with its confidence."""
    import pytesseract

    try:
        data = pytesseract.image_to_data(
            image,
            lang="eng",
            config="--psm 3 -c tessedit_do_invert=0",
            output_type=pytesseract.Output.DICT,
            timeout=seconds,
        )
    except pytesseract.TesseractError:  # Tesseract could not read it at all (a RuntimeError too: caught first)
        return PageRead((), 0.0)
    except RuntimeError:  # pytesseract's timeout
        raise PageTooSlow.after(seconds) from None
    lines: list[str] = []
    words: list[str] = []
    where = None
    weighted = weight = 0.0
    sure = 0
    boxes = []
    for i, word in enumerate(data["text"]):
        word = (word or "").strip()
        conf = float(data["conf"][i])
        if not word or conf < 0:
            continue
        place = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        if where is not None and place != where:
            lines.append(" ".join(words))
            if place[:2] != where[:2]:
                lines.append("")  # a new paragraph
            words = []
        where = place
        words.append(word)
        if conf >= READ_WORD:
            boxes.append((data["left"][i], data["top"][i], data["width"][i], data["height"][i]))
        sure += conf >= SURE_WORD and bool(re.search(r"[A-Za-z]{3,}", word))
        weighted += conf * len(word)
        weight += len(word)
    if words:
        lines.append(" ".join(words))
    return PageRead(tuple(lines), weighted / weight if weight else 0.0, sure, unread_marks(image, boxes))


def unread_marks(image, boxes: list[tuple[int, int, int, int]]) -> int:
    """Patches of ink shaped like writing in which Tesseract read nothing: a table's cell it skipped, handwriting,
    a stamp.

    Tesseract's confidence speaks only of the words it did read: a test page that lost a column of its table (with
    the review date in it) still scored 95, and nobody was asked to check. Ink is joined into word-sized patches;
    those of about a line's height and a short word's width or more (not specks, list numbers, rules, logos or
    pictures) with almost nothing inside a word that was read are counted."""
    import numpy as np
    from scipy import ndimage

    if not boxes:
        return 0
    line = float(np.median([height for _, _, _, height in boxes]))
    ink = np.asarray(image, dtype=np.uint8) < 128
    read = np.zeros_like(ink)
    for left, top, width, height in boxes:
        read[max(0, top - 4) : top + height + 4, max(0, left - 4) : left + width + 4] = True
    labels, _ = ndimage.label(ndimage.binary_dilation(ink, iterations=max(2, round(line / 6))))
    unread = 0
    for number, where in enumerate(ndimage.find_objects(labels), 1):
        patch = ink[where] & (labels[where] == number)
        rows = np.flatnonzero(patch.any(axis=1))
        tall, wide = (rows[-1] - rows[0] + 1 if rows.size else 0), where[1].stop - where[1].start
        if not (line * 0.4 <= tall <= line * 2.5 and wide >= line * 2) or patch.sum() > 0.6 * patch.size:
            continue
        if (patch & read[where]).sum() < 0.2 * patch.sum():
            unread += 1
    return unread


def read_photos(images: list, seconds: float, progress=None) -> list[PageRead]:
    """Read PIL images as pages, in the order given; `progress(page, total)` is told before each page."""
    pages = []
    for number, image in enumerate(images, 1):
        if progress:
            progress(number, len(images))
        pages.append(read_page(prepare(image, seconds), seconds))
    if not any(_has_words(page) for page in pages):
        raise BlankPhoto()
    return pages


def _has_words(page: PageRead) -> bool:
    """Speckles on a blank page come out as a few short "words" Tesseract is unsure of: they are not words."""
    return page.sure_words >= 3


# Tesseract reads the words of a form but not its ruled blanks: "Signed (mother): ______ Date: ______" comes out as
# "Signed (mother): Date:". A label with nothing after its colon (or only "Date") was a blank to write on.
# Only labels of the people who sign or fill in a form: a heading such as "What we will do:" is not a blank.
EMPTY_FIELD = re.compile(
    r"^(?P<label>(signed|signature|print name|name|parent|mother|father|carer|social worker|"
    r"team manager|manager|witness|child)\b[\w ()'’/.-]{0,40}):\s*(?P<date>Date:?)?\s*$",
    re.I,
)
BLANK = "________"


def restore_blanks(line: str) -> str:
    found = EMPTY_FIELD.match(line)
    if not found:
        return line
    return f"{found['label']}: {BLANK}" + (f" Date: {BLANK}" if found["date"] else "")


def as_lines(pages: list[PageRead]) -> list[Line]:
    """The pages' lines, numbered by page, for the clause reader, with a form's blanks put back."""
    return [
        Line(restore_blanks(text), page=number) for number, page in enumerate(pages, 1) for text in (*page.lines, "")
    ]


MIN_SCAN_SIDE = 300  # a picture narrower than this is a logo or an icon, not a page


def pdf_page_images(reader, limit: int) -> list:
    """The largest picture on each page of a scanned PDF, as greyscale PIL images (pages without one skipped).

    Sizes are read from each picture's dictionary, and only the largest is decoded: a page of 2,000 small
    pictures costs no more than a page of one."""
    images = []
    for page in list(reader.pages)[:limit]:
        try:
            name = _largest_picture(page)
            if name is not None:
                images.append(page.images[name].image.convert("L"))
        except Exception:
            continue
    return images


def _largest_picture(page) -> str | None:
    xobjects = page["/Resources"].get_object().get("/XObject")
    if not xobjects:
        return None
    sizes: dict[str, int] = {}
    for key, ref in list(xobjects.get_object().items())[:200]:
        obj = ref.get_object()
        if obj.get("/Subtype") == "/Image":
            width, height = int(obj.get("/Width", 0)), int(obj.get("/Height", 0))
            if min(width, height) >= MIN_SCAN_SIDE:
                sizes[key] = width * height
    return max(sizes, key=sizes.__getitem__) if sizes else None
