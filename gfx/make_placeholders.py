"""Write clearly labelled placeholder images for photos referenced by the reports.

The PyData Amsterdam 2023 report (docs/reports/pydata-amsterdam-2023.md)
references photos that are not available in this repository.  This script
creates honest stand-ins under exactly the referenced names, so the docs build
without missing-image warnings and nobody mistakes a placeholder for a photo:
a plain neutral background with the text "PLACEHOLDER — photo not available",
the file name, the original caption and "replace this file with the real photo".

Usage (from the repository root, Pillow required)::

    .venv/bin/pip install pillow
    .venv/bin/python gfx/make_placeholders.py            # create missing files only
    .venv/bin/python gfx/make_placeholders.py --force    # overwrite existing files too

Existing files are never overwritten unless ``--force`` is given, so real
photos dropped in under the same names are safe.  To use a real photo, simply
replace the placeholder file; the pages need no edit.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

GFX_DIR = Path(__file__).resolve().parent

#: path relative to gfx/ -> original caption (alt text in the source report)
PLACEHOLDERS: dict[str, str] = {
    "kromhouthal.jpg": "Kromhouthal",
    "terras.jpg": "Uitzicht over het IJ",
    "game_on.jpg": "Game on!",
    "full_size/nachtwacht_notebook.jpg": "Nachtwacht scan",
    "dask_dashboard.png": "dask",
    "natural_intelligence.jpg": "Natural intelligence matters",
}

SIZE = (1200, 800)
BACKGROUND = (224, 224, 224)  # neutral light grey
FOREGROUND = (40, 40, 40)
MUTED = (90, 90, 90)
JPEG_QUALITY = 70

FONT_CANDIDATES = (
    "DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:/Windows/Fonts/arial.ttf",
)


def load_font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    """Return a scalable font of ``size`` px (DejaVu Sans if found, else Pillow's default)."""
    for candidate in FONT_CANDIDATES:
        try:
            return ImageFont.truetype(candidate, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def fit_font(draw: ImageDraw.ImageDraw, text: str, size: int, max_width: int):
    """Largest font not bigger than ``size`` whose rendering of ``text`` fits ``max_width``."""
    while True:
        font = load_font(size)
        if size <= 12 or draw.textlength(text, font=font) <= max_width:
            return font
        size -= 2


def render(name: str, caption: str) -> Image.Image:
    """Draw the placeholder image for gfx/``name`` with its original ``caption``."""
    img = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(img)
    width, height = SIZE
    margin = 60
    max_width = width - 2 * margin
    # a simple frame, so the image reads as a placeholder even when scaled down
    draw.rectangle([20, 20, width - 21, height - 21], outline=MUTED, width=6)

    lines = [
        ("PLACEHOLDER — photo not available", 64, FOREGROUND),
        (f"file: gfx/{name}", 40, FOREGROUND),
        (f"caption: {caption}", 40, FOREGROUND),
        ("replace this file with the real photo", 40, MUTED),
    ]
    rendered = []
    for text, size, colour in lines:
        font = fit_font(draw, text, size, max_width)
        left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
        rendered.append((text, font, colour, right - left, bottom - top, left, top))
    gap = 48
    total = sum(r[4] for r in rendered) + gap * (len(rendered) - 1)
    y = (height - total) / 2
    for text, font, colour, w, h, left, top in rendered:
        draw.text(((width - w) / 2 - left, y - top), text, font=font, fill=colour)
        y += h + gap
    return img


def save(img: Image.Image, path: Path) -> None:
    if path.suffix.lower() in (".jpg", ".jpeg"):
        img.save(path, "JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        # few colours: a palette PNG keeps the file small
        img.convert("P", palette=Image.Palette.ADAPTIVE, colors=32).save(path, optimize=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="overwrite files that already exist")
    args = parser.parse_args(argv)

    for name, caption in PLACEHOLDERS.items():
        path = GFX_DIR / name
        if path.exists() and not args.force:
            print(f"skip (exists): {path}")
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        save(render(name, caption), path)
        print(f"wrote: {path} ({path.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
