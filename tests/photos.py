"""Real photos of an agreement page, made by the tests themselves: text drawn with a real font, then turned a
few degrees, speckled with noise and saved as a JPEG, as a phone would."""

from __future__ import annotations

import io
import random
from pathlib import Path

FONTS = [
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"),
]


def font(size: int):
    from PIL import ImageFont

    for path in FONTS:
        if path.exists():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def page_image(lines: list[str], width: int = 1240, size: int = 26):
    """A white A4-shaped page (150 dpi) with the lines set in black, wrapped to fit."""
    import textwrap

    from PIL import Image, ImageDraw

    height = int(width * 1.414)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    face = font(size)
    y = 80
    for line in lines:
        for part in textwrap.wrap(line, 78) or [""]:
            if y > height - 80:
                return image
            draw.text((80, y), part, fill=0, font=face)
            y += int(size * 1.45)
    return image


def photo(
    image, degrees: float = 3.0, noise: float = 0.04, seed: int = 1, quality: int = 80, orientation: int | None = None
) -> bytes:
    """The page as a phone photo: turned, speckled, a little grey, JPEG. `orientation` writes an EXIF
    Orientation tag (6 means the camera was turned: the pixels are stored a quarter turn round)."""
    from PIL import Image

    rng = random.Random(seed)
    turned = image.rotate(degrees, resample=Image.BICUBIC, expand=True, fillcolor=235)
    pixels = turned.load()
    for _ in range(int(turned.width * turned.height * noise)):
        x, y = rng.randrange(turned.width), rng.randrange(turned.height)
        pixels[x, y] = rng.choice((40, 120, 200))
    if orientation == 6:
        turned = turned.rotate(90, expand=True)  # stored sideways; the tag says how to turn it back
    out = io.BytesIO()
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    turned.convert("RGB").save(out, "JPEG", quality=quality, exif=exif.tobytes())
    return out.getvalue()


def blank_photo(seed: int = 2) -> bytes:
    from PIL import Image

    return photo(Image.new("L", (1240, 1754), 250), degrees=0, noise=0.01, seed=seed)


def on_a_table(
    image,
    corners=((260, 180), (1650, 260), (1760, 2330), (170, 2250)),
    size=(1900, 2500),
    quality: int = 85,
    seed: int = 5,
) -> bytes:
    """The page as a phone sees it lying on a dark table, shot at a slant: its corners land at `corners` (top left,
    top right, bottom right, bottom left) in a photo of `size`, with a grainy dark surface around it. JPEG."""
    import numpy as np
    from PIL import Image, ImageFilter

    rng = np.random.default_rng(seed)
    grain = rng.normal(70, 18, size=(size[1], size[0])).clip(0, 255).astype(np.uint8)
    table = Image.fromarray(grain).filter(ImageFilter.GaussianBlur(2))
    width, height = image.size
    flat = ((0, 0), (width, 0), (width, height), (0, height))
    # Pillow's PERSPECTIVE maps each output pixel back to the page: solve for the eight coefficients that do it
    rows, values = [], []
    for (x, y), (u, v) in zip(corners, flat, strict=False):
        rows += [[x, y, 1, 0, 0, 0, -u * x, -u * y], [0, 0, 0, x, y, 1, -v * x, -v * y]]
        values += [u, v]
    coefficients = np.linalg.solve(np.array(rows, float), np.array(values, float)).tolist()
    page = image.transform(size, Image.PERSPECTIVE, coefficients, Image.BICUBIC, fillcolor=0)
    where = Image.new("L", image.size, 255).transform(
        size, Image.PERSPECTIVE, coefficients, Image.BILINEAR, fillcolor=0
    )
    out = io.BytesIO()
    Image.composite(page, table, where).convert("RGB").save(out, "JPEG", quality=quality)
    return out.getvalue()


def in_shadow(image, darkest: float = 0.35) -> bytes:
    """The page with a shadow across it, darkest (`darkest` of full light) at the top left, as when a hand or the
    phone itself is between the page and the light. JPEG."""
    import numpy as np
    from PIL import Image

    pixels = np.asarray(image, dtype=np.float32)
    rows, columns = np.mgrid[0 : pixels.shape[0], 0 : pixels.shape[1]]
    light = darkest + (1 - darkest) * np.clip((columns / pixels.shape[1] + rows / pixels.shape[0]) / 1.2, 0, 1)
    out = io.BytesIO()
    Image.fromarray((pixels * light).clip(0, 255).astype(np.uint8)).convert("RGB").save(out, "JPEG", quality=85)
    return out.getvalue()


def table_page():
    """A plan set out as a ruled table (What / Who / By when), as many councils write them. Tesseract skips some of
    its cells, the last column's heading and the review date among them."""
    from PIL import Image, ImageDraw

    rows = [
        ("What needs to happen", "Who", "By when"),
        ("Oliver goes to school every day", "Leanne", "From 6 October"),
        ("Refer Oliver to the school nurse", "Sam Okoye", "20 October"),
        ("Breakfast club place paid for", "Children's Services", "13 October"),
        ("Review meeting at the family centre", "Everyone", "3 November"),
    ]
    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    face = font(24)
    draw.text((80, 120), "WORKING AGREEMENT - PLAN", fill=0, font=face)
    edges, top = (80, 620, 900, 1160), 200
    for row in rows:
        for column, cell in enumerate(row):
            draw.rectangle((edges[column], top, edges[column + 1], top + 70), outline=0, width=3)
            draw.text((edges[column] + 12, top + 20), cell, fill=0, font=face)
        top += 70
    return image
