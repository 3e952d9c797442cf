"""Share images drawn beside the MkDocs build, published into the site folder at its end.

MkDocs builds the pages on one core. Drawing the images before it started added their whole
time to the build (18 ms each once: more than MkDocs itself at 1,000 claims). Now they are drawn
in worker processes, one per core at a lower priority than the build, from the moment the
claims are checked: while the generator renders its pages and MkDocs builds the site, they
take the cores those leave idle, then every core once the build is done. They are copied into
the site folder at the end, while the search index is built.
"""

from __future__ import annotations

import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from ..share_image import ShareImagePlan, cores


class ShareImageDrawing:
    def __init__(self, plan: ShareImagePlan) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="share-images")
        self._images: Future[dict[str, Path]] = self._executor.submit(
            plan.draw, cores(), plan.missing != {}
        )
        self._executor.shutdown(wait=False)

    def publish(self, site_dir: Path) -> int:
        """Wait for the drawing, then copy each image to its address under the site folder;
        the folder was emptied when the build began, so nothing there is overwritten."""
        images = self._images.result()
        for site_path, cached in images.items():
            target = site_dir / site_path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(cached, target, follow_symlinks=False)
        return len(images)

    def wait(self) -> None:
        """Let the drawing finish (a failed build must not leave worker processes behind)."""
        if not self._images.done():
            self._images.exception()
